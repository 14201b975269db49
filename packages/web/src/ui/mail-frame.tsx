import { useState } from 'react';

/** What an email shown in the dashboard may load: its inline images and styles, nothing from the network. */
export const MAIL_FRAME_POLICY = "default-src 'none'; img-src data: cid:; style-src 'unsafe-inline'";
/** The same, with remote images allowed (still no remote styles, fonts or frames). */
export const MAIL_FRAME_POLICY_REMOTE_IMAGES =
  "default-src 'none'; img-src data: cid: http: https:; style-src 'unsafe-inline'";

const DOCTYPE = /^\s*<!doctype[^>]*>/i;

/**
 * The email's HTML with a Content-Security-Policy meta element first (after a doctype, so the email
 * keeps its rendering mode): a policy in a srcdoc applies to the frame, so a tracking pixel never loads.
 */
export function withMailPolicy(html: string, policy: string = MAIL_FRAME_POLICY): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
  const doctype = DOCTYPE.exec(html)?.[0] ?? '';
  return doctype + meta + html.slice(doctype.length);
}

/**
 * An email's HTML in a sandboxed frame that runs no scripts and loads no remote content until the
 * user asks for remote images; `remoteNote` says what loading them does.
 */
export function MailFrame(props: { html: string; title: string; testId?: string; remoteNote?: string }) {
  const [remoteImages, setRemoteImages] = useState(false);
  const policy = remoteImages ? MAIL_FRAME_POLICY_REMOTE_IMAGES : MAIL_FRAME_POLICY;
  return (
    <>
      <label className="check">
        <input
          type="checkbox"
          checked={remoteImages}
          onChange={(e) => setRemoteImages(e.target.checked)}
          data-testid={props.testId && `${props.testId}-remote-images`}
        />
        Load remote images{props.remoteNote ? ` (${props.remoteNote})` : ''}
      </label>
      <iframe
        title={props.title}
        className="mail-frame"
        sandbox=""
        srcDoc={withMailPolicy(props.html, policy)}
        data-testid={props.testId}
      />
    </>
  );
}
