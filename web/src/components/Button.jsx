// <Button busy={bool} variant="primary|secondary|danger" ...> — a real <button>;
// while busy it is disabled and shows a spinner with aria-busy.
export function Button({ busy, variant = 'primary', type = 'button', children, class: cls, className, disabled, ...rest }) {
  return (
    <button
      type={type}
      class={`btn btn-${variant} ${cls || className || ''}`}
      disabled={disabled || busy}
      aria-busy={busy ? 'true' : undefined}
      {...rest}
    >
      {busy && <span class="spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}
