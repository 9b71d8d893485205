import type { ReactNode } from 'react';

export function Section({ title, children, id }: { title: string; children: ReactNode; id: string }) {
  return (
    <section className="section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}
