import { cloneElement, type ReactElement } from 'react';

/** A labelled control; the server's message for it is shown under it and announced with it. */
export function Field(props: {
  id: string;
  label: string;
  error: string | undefined;
  children: ReactElement<{ 'aria-invalid'?: boolean; 'aria-describedby'?: string }>;
}) {
  const control = props.error
    ? cloneElement(props.children, { 'aria-invalid': true, 'aria-describedby': `${props.id}-error` })
    : props.children;
  return (
    <div className={props.error ? 'field invalid' : 'field'}>
      <label htmlFor={props.id}>{props.label}</label>
      {control}
      {props.error && (
        <p className="error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}
