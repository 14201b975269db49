/** Previous/next paging over an offset; `total` is shown when the server knows it. */
export function Pager(props: {
  skip: number;
  limit: number;
  shown: number;
  total?: number;
  onSkip: (skip: number) => void;
  label: string;
}) {
  const { skip, limit, shown, total } = props;
  const last = total !== undefined ? skip + limit >= total : shown < limit;
  return (
    <nav className="pager" aria-label={props.label}>
      <button type="button" disabled={skip === 0} onClick={() => props.onSkip(Math.max(0, skip - limit))}>
        Previous
      </button>
      <span data-testid="pager-range">
        {shown === 0 ? 'none' : `${(skip + 1).toLocaleString()}–${(skip + shown).toLocaleString()}`}
        {total !== undefined ? ` of ${total.toLocaleString()}` : ''}
      </span>
      <button type="button" disabled={last} onClick={() => props.onSkip(skip + limit)}>
        Next
      </button>
    </nav>
  );
}
