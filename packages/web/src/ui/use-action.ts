import { useCallback, useState, type FormEvent } from 'react';

/** What `useAction` answers: the last action's error (null when it went well) and ways to run one. */
export interface Action {
  error: unknown;
  /** Runs `action`, then `after` (say, a list's reload) when it went well. */
  run: (action: () => Promise<unknown>, after?: () => void) => Promise<void>;
  /** A form's submit handler: runs `action` with the form's fields, and clears the form when it succeeds. */
  submit: (action: (form: FormData) => Promise<unknown>) => (e: FormEvent<HTMLFormElement>) => void;
}

/** Runs what a user asked for (save, remove, send): clears the last error, awaits the action, and keeps a failure to show. */
export function useAction(): Action {
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async (action: () => Promise<unknown>, after?: () => void) => {
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
      return;
    }
    after?.();
  }, []);
  const submit = useCallback(
    (action: (form: FormData) => Promise<unknown>) => (e: FormEvent<HTMLFormElement>) => {
      e.preventDefault();
      const formEl = e.currentTarget;
      void run(async () => {
        await action(new FormData(formEl));
        formEl.reset();
      });
    },
    [run],
  );
  return { error, run, submit };
}
