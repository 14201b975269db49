import { Link } from 'react-router';
import { useClient, useSession } from '../../app/session.tsx';
import { CreateByName } from '../../ui/create-by-name.tsx';
import { DataTable } from '../../ui/data-table.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { useLoad } from '../../ui/use-load.ts';

/** The workspace's templates with their cold-email score, and a form to start one. */
export default function TemplatesPage() {
  const client = useClient();
  const { can } = useSession();
  const templates = useLoad(() => client.templates.list({ limit: 100, archived: false }), [client]);
  // A new template starts from a greeting, to be written in its editor.
  const create = async (name: string) => {
    const t = await client.templates.create({
      name,
      subject_line: 'Hello {{first_name}}',
      content: '<p>Hi {{first_name}},</p>',
    });
    return `/templates/${t.id}`;
  };
  return (
    <>
      <h1>Templates</h1>
      {can('edit') && <CreateByName thing="template" create={create} />}
      <ErrorMessage error={templates.error} />
      <DataTable
        testId="templates-table"
        columns={['Name', 'Subject', 'Score']}
        rows={templates.data}
        rowKey={(t) => t.id}
        cells={(t) => (
          <>
            <td>
              <Link to={`/templates/${t.id}`}>{t.name}</Link>
            </td>
            <td>{t.subject_line}</td>
            <td>
              {t.cold_email_score.score} ({t.cold_email_score.rating})
            </td>
          </>
        )}
      />
    </>
  );
}
