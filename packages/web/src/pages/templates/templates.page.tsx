import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useClient, useSession } from '../../app/session.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { useLoad } from '../../ui/use-load.ts';
import { formText } from '../../ui/form-text.ts';

/** The workspace's templates with their cold-email score, and a form to start one. */
export default function TemplatesPage() {
  const client = useClient();
  const { can } = useSession();
  const navigate = useNavigate();
  const templates = useLoad(() => client.templates.list({ limit: 100, archived: false }), [client]);
  const [error, setError] = useState<unknown>(null);
  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const name = formText(new FormData(e.currentTarget), 'name');
    setError(null);
    try {
      const t = await client.templates.create({
        name,
        subject_line: 'Hello {{first_name}}',
        content: '<p>Hi {{first_name}},</p>',
      });
      await navigate(`/templates/${t.id}`);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <h1>Templates</h1>
      {can('edit') && (
        <form className="inline-form" onSubmit={(e) => void create(e)} aria-label="Create a template">
          <label>
            New template name
            <input name="name" required maxLength={200} data-testid="template-name" />
          </label>
          <button type="submit" className="primary" data-testid="template-create">
            Create template
          </button>
        </form>
      )}
      <ErrorMessage error={error ?? templates.error} />
      <div className="table-wrap" tabIndex={0}>
        <table data-testid="templates-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Subject</th>
              <th scope="col">Score</th>
            </tr>
          </thead>
          <tbody>
            {templates.data?.map((t) => (
              <tr key={t.id}>
                <td>
                  <Link to={`/templates/${t.id}`}>{t.name}</Link>
                </td>
                <td>{t.subject_line}</td>
                <td>
                  {t.cold_email_score.score} ({t.cold_email_score.rating})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
