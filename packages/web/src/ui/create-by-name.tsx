import { useNavigate } from 'react-router';
import { ErrorMessage } from './error-message.tsx';
import { formText } from './form-text.ts';
import { useAction } from './use-action.ts';

/** A one-field form that makes a thing (a list, a template) from its name and opens the page `create` answers. */
export function CreateByName(props: { thing: string; create: (name: string) => Promise<string> }) {
  const navigate = useNavigate();
  const { error, submit } = useAction();
  const create = submit(async (form) => navigate(await props.create(formText(form, 'name'))));
  return (
    <>
      <form className="inline-form" onSubmit={create} aria-label={`Create a ${props.thing}`}>
        <label>
          New {props.thing} name
          <input name="name" required maxLength={200} data-testid={`${props.thing}-name`} />
        </label>
        <button type="submit" className="primary" data-testid={`${props.thing}-create`}>
          Create {props.thing}
        </button>
      </form>
      <ErrorMessage error={error} />
    </>
  );
}
