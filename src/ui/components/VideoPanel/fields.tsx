/** The Source panel's building blocks: a row of buttons, a labelled select, a labelled number input. */
import type { ReactNode } from 'react';

export interface RowButton {
  testId: string;
  label: ReactNode;
  onClick(): void;
  primary?: boolean;
  small?: boolean;
  disabled?: boolean;
  /** Present: a toggle button (aria-pressed). */
  pressed?: boolean;
  title?: string;
}

/** Buttons side by side (null entries are left out), then any extra content (a checkbox, a recorder). */
export function ButtonRow({ buttons, children }: { buttons: (RowButton | null)[]; children?: ReactNode }) {
  return (
    <div className="button-row">
      {buttons.map(
        (b) =>
          b && (
            <button
              key={b.testId}
              type="button"
              className={`button${b.primary ? ' primary' : ''}${b.small ? ' small' : ''}`}
              data-testid={b.testId}
              disabled={b.disabled}
              aria-pressed={b.pressed}
              title={b.title}
              onClick={b.onClick}
            >
              {b.label}
            </button>
          ),
      )}
      {children}
    </div>
  );
}

export function SelectField(props: {
  label: string;
  testId: string;
  value: string;
  options: { value: string; label: string }[];
  onChange(value: string): void;
}) {
  return (
    <label className="field">
      {props.label}
      <select
        data-testid={props.testId}
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export interface NumberFieldSpec {
  label: string;
  testId: string;
  min: number;
  max: number;
  step: number;
}

/** A number input that only reports values inside [min, max]. */
export function NumberField(props: NumberFieldSpec & { value: number; onChange(value: number): void }) {
  return (
    <label className="field compact">
      {props.label}
      <input
        type="number"
        data-testid={props.testId}
        value={props.value}
        min={props.min}
        max={props.max}
        step={props.step}
        onChange={(e) => {
          const v = Number(e.currentTarget.value);
          if (Number.isFinite(v) && v >= props.min && v <= props.max) props.onChange(v);
        }}
      />
    </label>
  );
}
