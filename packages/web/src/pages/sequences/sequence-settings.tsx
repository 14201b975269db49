import type { UpdateSequenceBody } from '@blinkpost/contract';

/** The settings this form edits, as the API names them. */
export type SequenceSettings = Pick<
  UpdateSequenceBody,
  | 'timezone'
  | 'emailSendingHours'
  | 'delayEnabled'
  | 'delayFrom'
  | 'delayTo'
  | 'stopWhenReplyRecieved'
  | 'stopWhenReplyRecievedWhen'
  | 'bounceThreshold'
  | 'bouncePause'
  | 'plainText'
  | 'checkEmailOpen'
  | 'checkEmailClick'
  | 'checkEmailReply'
>;

type Day = NonNullable<SequenceSettings['emailSendingHours']>[number];
const DAYS: Day['name'][] = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * What a new sequence starts with: Monday to Friday, 9 to 17 in the browser's zone, and every setting
 * this form shows said explicitly, so the sequence does what the screen shows. Two differ from the API's
 * SalesBlink defaults on purpose: HTML email with open and click tracking (the API defaults to plain text).
 */
export const DEFAULT_SETTINGS: Required<SequenceSettings> = {
  timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
  emailSendingHours: DAYS.map((name, i) => ({ name, enabled: i < 5, fromTime: '09:00', toTime: '17:00' })),
  delayEnabled: true,
  delayFrom: 10,
  delayTo: 20,
  stopWhenReplyRecieved: true,
  stopWhenReplyRecievedWhen: 'contact',
  bounceThreshold: 2,
  bouncePause: false,
  plainText: false,
  checkEmailOpen: true,
  checkEmailClick: true,
  checkEmailReply: true,
};

const ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];

/** The sending window, time zone, gap, stop rules and tracking of a sequence. */
export function SequenceSettingsForm(props: {
  value: SequenceSettings;
  onChange: (v: SequenceSettings) => void;
  readOnly?: boolean;
}) {
  const v = props.value;
  const set = (patch: Partial<SequenceSettings>) => props.onChange({ ...v, ...patch });
  const days = v.emailSendingHours ?? DEFAULT_SETTINGS.emailSendingHours;
  const setDay = (i: number, patch: Partial<Day>) =>
    set({ emailSendingHours: days.map((d, j) => (j === i ? { ...d, ...patch } : d)) });
  const check = (key: keyof SequenceSettings, label: string) => (
    <label className="check">
      <input
        type="checkbox"
        checked={v[key] === true}
        disabled={props.readOnly}
        onChange={(e) => set({ [key]: e.target.checked })}
      />
      {label}
    </label>
  );
  return (
    <fieldset className="settings" disabled={props.readOnly} data-testid="sequence-settings">
      <legend>Settings</legend>
      <label>
        Time zone
        <input list="zones" value={v.timezone ?? ''} onChange={(e) => set({ timezone: e.target.value })} />
      </label>
      <datalist id="zones">
        {ZONES.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <table className="window">
        <caption>Sending window (local time of the lead, else the zone above)</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
          </tr>
        </thead>
        <tbody>
          {days.map((d, i) => (
            <tr key={d.name}>
              <th scope="row">
                <label className="check">
                  <input
                    type="checkbox"
                    checked={d.enabled}
                    onChange={(e) => setDay(i, { enabled: e.target.checked })}
                  />
                  {d.name}
                </label>
              </th>
              <td>
                <input
                  type="time"
                  aria-label={`${d.name} from`}
                  value={d.fromTime}
                  onChange={(e) => setDay(i, { fromTime: e.target.value })}
                />
              </td>
              <td>
                <input
                  type="time"
                  aria-label={`${d.name} to`}
                  value={d.toTime}
                  onChange={(e) => setDay(i, { toTime: e.target.value })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {check('delayEnabled', 'Random gap between two emails of a sender')}
      {v.delayEnabled && (
        <div className="inline-form">
          <label>
            Gap from (minutes)
            <input
              type="number"
              min={0}
              max={1440}
              value={v.delayFrom ?? 0}
              onChange={(e) => set({ delayFrom: Number(e.target.value) })}
            />
          </label>
          <label>
            to (minutes)
            <input
              type="number"
              min={0}
              max={1440}
              value={v.delayTo ?? 0}
              onChange={(e) => set({ delayTo: Number(e.target.value) })}
            />
          </label>
        </div>
      )}
      {check('stopWhenReplyRecieved', 'Stop a lead when it replies')}
      {v.stopWhenReplyRecieved && (
        <label>
          Stop whom
          <select
            value={v.stopWhenReplyRecievedWhen ?? 'contact'}
            onChange={(e) =>
              set({ stopWhenReplyRecievedWhen: e.target.value as SequenceSettings['stopWhenReplyRecievedWhen'] })
            }
          >
            <option value="contact">the lead who replied</option>
            <option value="contact-with-same-domain">every lead of the same domain</option>
          </select>
        </label>
      )}
      {check('bouncePause', 'Pause the sequence when bounces reach a threshold')}
      {v.bouncePause && (
        <label>
          Bounce threshold
          <input
            type="number"
            min={0}
            value={v.bounceThreshold ?? 0}
            onChange={(e) => set({ bounceThreshold: Number(e.target.value) })}
          />
        </label>
      )}
      {check('plainText', 'Plain text only (no tracking)')}
      {check('checkEmailOpen', 'Track opens')}
      {check('checkEmailClick', 'Track clicks')}
      {check('checkEmailReply', 'Detect replies')}
    </fieldset>
  );
}

/** The settings out of a sequence the API answered (every setting is there, defaults filled in). */
export function settingsOf(detail: Record<string, unknown>): SequenceSettings {
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS)) if (detail[key] !== undefined) out[key] = detail[key];
  return out;
}
