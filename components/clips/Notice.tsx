export interface NoticeProps {
  /** What happened, in the user's words, saying what to do. */
  message: string;
  /** Colour and role: errors are announced assertively. */
  tone: 'info' | 'success' | 'error';
  /** The technical detail (parser or storage text), behind a "Details" disclosure. */
  details?: string;
  /** An optional action such as "Undo". */
  action?: { label: string; onClick: () => void };
  /** Shows a close button when given. */
  onDismiss?: () => void;
}

/** A one-line message bar: save results, storage errors, undo after delete. */
export default function Notice({ message, tone, details, action, onDismiss }: NoticeProps) {
  return (
    <div class={`notice ${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <div class="notice-body">
        <span class="notice-text">{message}</span>
        {details && (
          <details class="notice-details">
            <summary>Details</summary>
            <pre>{details}</pre>
          </details>
        )}
      </div>
      {action && (
        <button type="button" class="link" onClick={action.onClick}>
          {action.label}
        </button>
      )}
      {onDismiss && (
        <button type="button" class="icon" aria-label="Dismiss" onClick={onDismiss}>
          ×
        </button>
      )}
    </div>
  );
}
