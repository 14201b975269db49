import { useState } from 'react';

/** Copies `text` to the clipboard and says so. */
export function CopyButton(props: { text: string; label?: string }) {
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.text);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <button type="button" onClick={() => void copy()} data-testid="copy-button">
      {copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Copy failed: select and copy' : (props.label ?? 'Copy')}
    </button>
  );
}
