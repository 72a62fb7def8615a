import type { ReactNode } from 'react';
import { useSectionOpen } from '../use-section-open';
import { Icon } from './Icon';

type Props = {
  /** Names the section in storage and in test ids. */
  id: string;
  title: string;
  /** A number shown beside the title (how many sources, searches…). */
  count?: string;
  /** A button beside the heading (e.g. Connect a server). */
  action?: ReactNode;
  children: ReactNode;
};

/** A sidebar section the user can fold; a real disclosure button, its state kept across starts. */
export function SidebarSection({ id, title, count, action, children }: Props) {
  const [open, setOpen] = useSectionOpen(id);
  const bodyId = `sidebar-section-${id}`;
  return (
    <section className={`sidebar-section${open ? ' is-open' : ''}`} aria-label={title} data-testid={`section-${id}`}>
      <div className="sidebar-section-head">
        <h2 className="sidebar-heading">
          <button
            type="button"
            className="section-toggle"
            aria-expanded={open}
            aria-controls={bodyId}
            onClick={() => setOpen(!open)}
            data-testid={`section-toggle-${id}`}
          >
            <Icon name="chevron" size={12} />
            <span>{title}</span>
            {count && <span className="section-count">{count}</span>}
          </button>
        </h2>
        {action}
      </div>
      <div id={bodyId} className="sidebar-section-body" hidden={!open}>
        {children}
      </div>
    </section>
  );
}
