import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The longest files start first, whatever vitest's cache says (a fresh clone and CI have none, and then
 * vitest keeps glob order, which starts the random-lifecycle file — minutes long — last and makes the run
 * wait for it alone). With two workers the long file runs beside all the others.
 */
const FIRST = [/tests\/lifecycle\/lifecycle\.stripe\.test\.ts$/, /tests\/reliability\/webhooks-shuffled\.stripe\.test\.ts$/];

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = FIRST.findIndex((re) => re.test(f.moduleId));
      return i < 0 ? FIRST.length : i;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}
