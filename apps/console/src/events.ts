import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { eventsUrl } from './api';

type WireEvent = { type: string; job_id: number | null; execution_id?: number; status?: string };

/**
 * Live updates: the api's `/api/events` WebSocket (the session cookie authenticates it). Each execution event
 * refreshes what shows that job; the socket reconnects after a drop.
 */
export function useLiveEvents(): boolean {
  const client = useQueryClient();
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    let socket: WebSocket | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const open = () => {
      socket = new WebSocket(eventsUrl());
      socket.onopen = () => setConnected(true);
      socket.onmessage = (message) => {
        const event = JSON.parse(String(message.data)) as WireEvent;
        if (event.type === 'connected' || event.job_id === null) return;
        void client.invalidateQueries({ queryKey: ['jobs'] });
        void client.invalidateQueries({ queryKey: ['job', event.job_id] });
        void client.invalidateQueries({ queryKey: ['executions', event.job_id] });
        if (event.execution_id !== undefined)
          void client.invalidateQueries({ queryKey: ['execution', event.execution_id] });
      };
      socket.onclose = () => {
        setConnected(false);
        if (!stopped) retry = setTimeout(open, 3000);
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      socket?.close();
    };
  }, [client]);
  return connected;
}
