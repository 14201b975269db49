import { useCallback, useState } from 'react';

/** Filters over a list read a page at a time: changing a filter goes back to the first page. */
export function usePagedFilters<F extends object>(initial: F) {
  const [state, setState] = useState({ filters: initial, skip: 0 });
  const setFilter = useCallback(
    <K extends keyof F>(key: K, value: F[K]) =>
      // The same value again only goes back to the first page (no new filters, so no new request).
      setState((s) =>
        s.filters[key] === value ? { ...s, skip: 0 } : { filters: { ...s.filters, [key]: value }, skip: 0 },
      ),
    [],
  );
  const setSkip = useCallback((skip: number) => setState((s) => ({ ...s, skip })), []);
  return { filters: state.filters, skip: state.skip, setFilter, setSkip };
}
