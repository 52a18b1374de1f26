import { formatCount } from '../../lib/format-count';

export interface ImportProgressProps {
  /** The import under way: its file name, progress and whether cancel was pressed. */
  run: { fileName: string; progress: { bytesRead: number; totalBytes: number; clips: number }; cancelled: boolean };
  /** Stops the import; what it wrote is taken back. */
  onCancel: () => void;
}

/** A progress bar and a Cancel button while an import is written in batches. */
export default function ImportProgress({ run, onCancel }: ImportProgressProps) {
  const { bytesRead, totalBytes, clips } = run.progress;
  const percent = totalBytes > 0 ? Math.round((bytesRead / totalBytes) * 100) : 0;
  return (
    <div class="notice info import-progress" role="status">
      <div class="notice-body">
        <span class="notice-text">
          {run.cancelled
            ? 'Cancelling: taking back what was imported…'
            : `Importing ${run.fileName}: ${formatCount(clips)} clips so far…`}
        </span>
        <progress max={100} value={percent} aria-label="Import progress">
          {percent}%
        </progress>
      </div>
      <button type="button" class="small" disabled={run.cancelled} onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
