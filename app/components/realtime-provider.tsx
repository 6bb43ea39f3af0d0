import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import type { Socket } from "socket.io-client";

const SocketContext = createContext<Socket | null>(null);

/**
 * One socket.io connection per tab for the signed-in user. The server
 * authenticates it from the session cookie and joins `user:{id}` itself.
 */
export function RealtimeProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const [socket, setSocket] = useState<Socket | null>(null);
  const [lost, setLost] = useState(false);
  useEffect(() => {
    if (!enabled) return;
    let s: Socket | null = null;
    let cancelled = false;
    const mark = (state: "connected" | "disconnected") => {
      // Tests and support staff can read the state off the page.
      document.documentElement.dataset.realtime = state;
      setLost(state === "disconnected");
    };
    import("socket.io-client").then(({ io }) => {
      if (cancelled) return;
      s = io({ withCredentials: true, transports: ["websocket", "polling"] });
      s.on("connect", () => mark("connected"));
      s.on("disconnect", () => mark("disconnected"));
      setSocket(s);
    });
    return () => {
      cancelled = true;
      s?.disconnect();
      setSocket(null);
      delete document.documentElement.dataset.realtime;
    };
  }, [enabled]);
  return (
    <SocketContext.Provider value={socket}>
      {lost && (
        <div role="status" className="bg-amber-100 px-4 py-1.5 text-center text-sm text-amber-900">
          Mất kết nối trực tuyến, đang kết nối lại… Dữ liệu trên trang có thể chưa được cập nhật.
        </div>
      )}
      {children}
    </SocketContext.Provider>
  );
}

export function useSocket() {
  return useContext(SocketContext);
}

export function useSocketEvent<T = unknown>(event: string, handler: (payload: T) => void) {
  const socket = useSocket();
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!socket) return;
    const listener = (p: T) => ref.current(p);
    socket.on(event, listener);
    return () => {
      socket.off(event, listener);
    };
  }, [socket, event]);
}

/** Joins a policy-checked room (meeting:…, unit:…) while the component is mounted. */
export function useSocketRoom(room: string | null) {
  const socket = useSocket();
  useEffect(() => {
    if (!socket || !room) return;
    const join = () => socket.emit("room:join", { room });
    join();
    socket.on("connect", join);
    return () => {
      socket.off("connect", join);
      socket.emit("room:leave", { room });
    };
  }, [socket, room]);
}
