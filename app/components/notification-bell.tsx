import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useT } from "~/lib/i18n";
import { useSocketEvent } from "./realtime-provider";

/** The bell with the unread count, kept live by `notification:*` socket events. */
export function NotificationBell({ initialCount }: { initialCount: number }) {
  const t = useT();
  const [count, setCount] = useState(initialCount);
  useEffect(() => setCount(initialCount), [initialCount]);
  useSocketEvent("notification:new", () => setCount((c) => c + 1));
  useSocketEvent<{ ids: number[] | "all" }>("notification:read", (p) =>
    setCount((c) => (p.ids === "all" ? 0 : Math.max(0, c - p.ids.length))),
  );
  const label = `${t("user.notifications")}: ${count}`;
  return (
    <Link to="/notifications" className="relative rounded-full p-2 hover:bg-brand-800" aria-label={label} title={label}>
      <svg viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
        <path d="M18 8a6 6 0 10-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 01-3.4 0" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      {count > 0 && (
        <span data-testid="unread-count" className="absolute -right-0.5 -top-0.5 min-w-[1.25rem] rounded-full bg-flag-600 px-1 text-center text-[11px] font-bold leading-5">
          {count > 99 ? "99+" : count}
        </span>
      )}
    </Link>
  );
}
