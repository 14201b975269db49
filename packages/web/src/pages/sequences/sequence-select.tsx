import { useClient } from '../../app/session.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { useLoad } from '../../ui/use-load.ts';

/** A filter by sequence (the workspace's first 100), its first option `allLabel` for every sequence (""). */
export function SequenceSelect(props: {
  value: string;
  onChange: (sequenceId: string) => void;
  allLabel: string;
  testId?: string;
}) {
  const client = useClient();
  const sequences = useLoad(() => client.sequences.list({ limit: 100 }), [client]);
  return (
    <>
      <label>
        Sequence
        <select value={props.value} onChange={(e) => props.onChange(e.target.value)} data-testid={props.testId}>
          <option value="">{props.allLabel}</option>
          {sequences.data?.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <ErrorMessage error={sequences.error} />
    </>
  );
}
