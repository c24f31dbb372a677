import type { ReactNode } from 'react';

export interface ShellNavItem {
  readonly key: string;
  readonly path: string;
  readonly icon: ReactNode;
  readonly label: ReactNode;
  /** Shown as a tooltip when the menu is narrowed to icons. */
  readonly title?: string;
}

export interface ShellFrameProps {
  readonly brand: ReactNode;
  readonly navLabel: string;
  readonly items: readonly ShellNavItem[];
  readonly selectedKey?: string;
  readonly title?: ReactNode;
  readonly headerExtra?: ReactNode;
  readonly children?: ReactNode;
  /** On the root: the static copy in index.html carries `cd-static` (its menu highlight follows the boot script). */
  readonly className?: string;
}

/**
 * The app frame: side menu, header with the page title, content. Plain elements styled by shell.css (no antd,
 * no hooks), so the build renders the same frame into index.html and it paints with the HTML, before any
 * script; the app then renders it again with live state. Menu entries are links to the hash routes: they
 * work in the static copy too.
 */
export function ShellFrame({ brand, navLabel, items, selectedKey, title, headerExtra, children, className }: ShellFrameProps) {
  return (
    <div className={className ? `cd-shell ${className}` : 'cd-shell'} data-testid="app-shell">
      <aside className="cd-sider">
        <div className="cd-brand">
          <img src="./favicon.png" alt="" width={24} height={24} />
          <span className="cd-brand-name">{brand}</span>
        </div>
        <nav aria-label={navLabel}>
          <ul className="cd-menu">
            {items.map((item) => (
              <li key={item.key}>
                <a
                  className={item.key === selectedKey ? 'cd-menu-item cd-menu-item-selected' : 'cd-menu-item'}
                  href={`#${item.path}`}
                  data-nav={item.key}
                  data-testid={`nav-${item.key}`}
                  title={item.title}
                  aria-current={item.key === selectedKey ? 'page' : undefined}
                >
                  <span className="cd-menu-icon" aria-hidden>
                    {item.icon}
                  </span>
                  <span className="cd-menu-label">{item.label}</span>
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </aside>
      <div className="cd-main">
        <header className="cd-header">
          <h1 className="cd-title" data-testid="page-title">
            {title}
          </h1>
          {headerExtra}
        </header>
        <main className="cd-content">{children}</main>
      </div>
    </div>
  );
}
