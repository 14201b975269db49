import { Link, useParams } from 'react-router';
import { useClient } from '../../app/session.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { useLoad } from '../../ui/use-load.ts';
import { CsvImport } from './csv-import.tsx';

/** Imports a CSV file into one list. */
export default function ImportPage() {
  const client = useClient();
  const id = useParams().id ?? '';
  const list = useLoad(() => client.lists.get(id), [client, id]);
  return (
    <>
      <h1>Import leads{list.data ? ` into ${list.data.name}` : ''}</h1>
      <p>
        <Link to={`/lists/${id}`}>Back to the list</Link>
      </p>
      <ErrorMessage error={list.error} />
      <CsvImport
        importBatch={(contacts, dedupe) => client.addContacts({ list_id: id, contacts, remove_duplicates: dedupe })}
      />
    </>
  );
}
