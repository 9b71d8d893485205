import { useStore } from '../../../state/store';

/** Under the class list: how its probabilities were made, when that is not a plain softmax. */
export function TaskNote() {
  const details = useStore((s) => s.model.info?.details);
  if (!details) return null;
  let note: string | null = null;
  if (details.task === 'multilabel') {
    note =
      'Multi-label: each probability is its class’s own sigmoid, independent of the others (they need not add up to 100 %).';
  } else if (details.task === 'binary') {
    note =
      'Binary classifier: p(class 1) = sigmoid(logit), p(class 0) = 1 − p; class 0 is explained by −logit.';
  } else if (details.headNote.includes('logits without a softmax')) {
    note = 'The model outputs logits (no softmax): probabilities shown are their softmax.';
  }
  if (!note) return null;
  return (
    <p className="hint own-task-note" data-testid="task-note">
      {note}
    </p>
  );
}
