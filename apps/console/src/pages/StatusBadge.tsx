/** An execution status as a coloured word (colour is never the only signal: the word is there). */
export function StatusBadge(props: { status: string | null | undefined }) {
  if (!props.status) return <span className="badge">never ran</span>;
  return <span className={`badge status-${props.status}`}>{props.status.replace('_', ' ')}</span>;
}
