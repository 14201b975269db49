// Conventions that keep one code path for both dialects:
// times are Unix milliseconds in bigint columns; flags are 0/1 integers (better-sqlite3 binds no booleans);
// JSON is stored as text and parsed in the repositories.

export interface WorkspaceTable {
  id: string;
  name: string;
  created_at: number;
}

export interface ApiKeyTable {
  id: string;
  workspace_id: string;
  name: string;
  role: 'admin' | 'member';
  hint: string;
  key_hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface ListTable {
  id: string;
  workspace_id: string;
  name: string;
  archived: number;
  starred: number;
  owned_by: string;
  /** JSON array of column names */
  fields: string;
  contacts_count: number;
  created_at: number;
  last_modified: number;
}

export interface LeadTable {
  id: string;
  workspace_id: string;
  list_id: string;
  email: string;
  email_key: string;
  /** JSON object of standard fields by canonical name */
  standard: string;
  /** JSON object of custom fields by the name they were given */
  custom: string;
  status: string;
  created_at: number;
  last_modified: number;
  removed_at: number | null;
}

export interface SequenceTable {
  id: string;
  workspace_id: string;
  name: string;
  status: string;
  paused: number;
  archived: number;
  starred: number;
  owned_by: string;
  /** JSON object of the sequence's settings and steps */
  settings: string;
  sent_count: number;
  open_count: number;
  click_count: number;
  reply_count: number;
  created_at: number;
  last_modified: number;
}

/** One row per thing that happened to a lead; the activity feeds read it. */
export interface ActivityTable {
  id: string;
  workspace_id: string;
  kind: 'sent' | 'open' | 'click' | 'reply';
  time: number;
  sequence_id: string;
  lead_id: string | null;
  recipient_email: string;
  recipient_key: string;
  subject: string;
  step: number;
  template_name: string;
  sender_email: string;
  message_id: string;
  machine: number;
  machine_reason: string;
  url: string;
  snippet: string;
  auto_reply: number;
  reply_message_id: string;
}

export interface SettingTable {
  workspace_id: string;
  name: string;
  value: string;
}

export interface Database {
  workspaces: WorkspaceTable;
  api_keys: ApiKeyTable;
  lists: ListTable;
  leads: LeadTable;
  sequences: SequenceTable;
  activity: ActivityTable;
  settings: SettingTable;
}
