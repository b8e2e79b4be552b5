"use client";

import Link from "next/link";
import { signUpAction, type SignUpState } from "@/app/(auth)/sign-up/actions";
import { Alert, Field, Input } from "@/components/ui";
import { SubmitButton } from "@/components/ui/submit-button";
import { useFormAction } from "@/components/ui/use-form-action";
import { fieldError } from "./field-errors";

export function SignUpForm({ callbackUrl, defaultEmail }: { callbackUrl?: string; defaultEmail?: string }) {
  const [state, action, values] = useFormAction<SignUpState>(signUpAction, null);
  const err = (f: string) => fieldError(state, f);
  const hasFieldErrors = Boolean(state && !state.ok && state.error.fields?.length);
  return (
    <form action={action} className="space-y-4" noValidate>
      {state && !state.ok && !hasFieldErrors ? <Alert tone="error">{state.error.message}</Alert> : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? ""} />
      <Field id="name" label="Your name" error={err("name")}>
        <Input id="name" name="name" defaultValue={values.name} autoComplete="name" required aria-invalid={Boolean(err("name"))} aria-describedby={err("name") ? "name-error" : undefined} autoFocus />
      </Field>
      <Field id="email" label="Work email" error={err("email")}>
        <Input id="email" name="email" type="email" autoComplete="email" required defaultValue={values.email ?? defaultEmail} aria-invalid={Boolean(err("email"))} aria-describedby={err("email") ? "email-error" : undefined} />
      </Field>
      <Field id="password" label="Password" hint="At least 8 characters." error={err("password")}>
        <Input id="password" name="password" type="password" autoComplete="new-password" required minLength={8} aria-invalid={Boolean(err("password"))} aria-describedby={err("password") ? "password-error" : "password-hint"} />
      </Field>
      <SubmitButton className="w-full" pendingText="Creating your account…">
        Create account
      </SubmitButton>
      <p className="text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link className="font-medium text-brand-700 hover:underline" href={callbackUrl ? `/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/sign-in"}>
          Sign in
        </Link>
      </p>
    </form>
  );
}
