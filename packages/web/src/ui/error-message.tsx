/** The sentence of an error: the API's own message when it has one. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** An error from the API, in its own words, announced to screen readers. */
export function ErrorMessage(props: { error: unknown }) {
  if (props.error === null || props.error === undefined) return null;
  return (
    <p className="error" role="alert" data-testid="error">
      {messageOf(props.error)}
    </p>
  );
}
