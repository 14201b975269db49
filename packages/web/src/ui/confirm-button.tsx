import { useState, type ReactNode } from 'react';

/** A destructive action asked twice in the page itself (no `confirm()` dialog): click, then confirm. */
export function ConfirmButton(props: {
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  testId?: string;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" className="danger" onClick={() => setAsking(true)} data-testid={props.testId}>
        {props.children}
      </button>
    );
  return (
    <span className="confirm">
      <button
        type="button"
        className="danger"
        onClick={() => {
          setAsking(false);
          props.onConfirm();
        }}
        data-testid={props.testId ? `${props.testId}-confirm` : undefined}
      >
        {props.confirmLabel}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
