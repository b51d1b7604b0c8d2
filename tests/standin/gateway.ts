/**
 * The stand-in's Gateway (WebSocket, JSON encoding, optional zlib-stream transport compression).
 *
 * HELLO → IDENTIFY (token checked, intents recorded) → READY + GUILD_CREATE; heartbeats ACKed;
 * dispatches carry sequence numbers and are kept per session so a RESUME (op 6) replays what the
 * client missed and ends with RESUMED. A bad RESUME gets INVALID_SESSION (op 9, d: false).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { constants as zconst, createDeflate } from 'node:zlib';
import {
  ApplicationFlags,
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
} from 'discord-api-types/v10';
import type { GatewayReadyDispatchData, UserFlags } from 'discord-api-types/v10';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import { guildCreate } from './payloads.ts';
import type { World } from './payloads.ts';
import { isRecord, randomToken } from './util.ts';

/** One IDENTIFY the stand-in received (whether or not it was accepted). */
export interface IdentifyRecord {
  token: string;
  intents: number;
  properties: unknown;
  shard?: unknown;
  compress?: unknown;
  large_threshold?: unknown;
  presence?: unknown;
  /** Whether the stand-in accepted it (false: closed with 4004/4013/4014/4010...). */
  accepted: boolean;
  /** Close code sent when rejected. */
  closeCode?: number;
  at: number;
}

/** One WebSocket connection the client opened. */
export interface ConnectionRecord {
  /** Path and query the client connected with, e.g. `/gateway?v=10&encoding=json`. */
  url: string;
  at: number;
  /** Close code seen when the connection ended (undefined while open). */
  closeCode?: number;
  /** Who initiated the close. */
  closedBy?: 'client' | 'server';
}

/** How {@link Gateway.drop} disconnects the client. */
export type DropMode =
  /** Close with 4000 (Unknown error; resumable). */
  | 'close'
  /** Kill the TCP connection without a close frame (client sees 1006; resumable). */
  | 'terminate'
  /** Send op 7 RECONNECT and let the client close and resume. */
  | 'reconnect'
  /** Send op 9 INVALID_SESSION (d: false) and forget the session: the client must IDENTIFY again. */
  | 'invalidate';

interface DispatchPayload {
  op: 0;
  t: string;
  s: number;
  d: unknown;
}

interface Session {
  id: string;
  seq: number;
  buffer: DispatchPayload[];
  conn: Conn | null;
  resumable: boolean;
  intents: number;
  /** READY (and GUILD_CREATE when the Guilds intent is set) were sent. */
  ready: boolean;
}

interface Conn {
  ws: WebSocket;
  record: ConnectionRecord;
  session: Session | null;
  send: (text: string) => void;
  closedByServer: boolean;
}

export interface GatewayOptions {
  token: string;
  world: World;
  heartbeatIntervalMs: number;
  /** Privileged intent bits the application is allowed to request (default none). */
  enabledPrivilegedIntents: number;
  /** Base ws:// URL of the server (no trailing slash). */
  wsOrigin: () => string;
  /** Called after every state change (used to wake waiters). */
  notify: () => void;
}

const PRIVILEGED = GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;
const KNOWN_INTENTS = Object.values(GatewayIntentBits)
  .filter((v): v is number => typeof v === 'number')
  .reduce((a, b) => a | b, 0);
const REPLAY_BUFFER = 5000;

export class Gateway {
  readonly identifies: IdentifyRecord[] = [];
  readonly connections: ConnectionRecord[] = [];
  resumes = 0;
  heartbeats = 0;
  private readonly sessions = new Map<string, Session>();
  private current: Session | null = null;
  private readonly conns = new Set<Conn>();
  private readonly wss = new WebSocketServer({ noServer: true });

  constructor(private readonly opts: GatewayOptions) {}

  /** The URL handed out by GET /gateway(/bot). */
  get url(): string {
    return `${this.opts.wsOrigin()}/gateway`;
  }

  /** The `resume_gateway_url` sent in READY (a distinct path so tests can see discord.js used it). */
  get resumeUrl(): string {
    return `${this.opts.wsOrigin()}/gateway-resume`;
  }

  /** The session new dispatches go to, if any. */
  get session(): { id: string; seq: number; connected: boolean; ready: boolean } | undefined {
    const s = this.current;
    return s ? { id: s.id, seq: s.seq, connected: s.conn !== null, ready: s.ready } : undefined;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
  }

  /** Sends a dispatch on the current session (buffered for replay if the client is disconnected). */
  dispatch(t: string, d: unknown): number {
    const session = this.current;
    if (!session?.resumable) throw new Error('stand-in: no gateway session — has the client logged in (waitForReady)?');
    return this.dispatchTo(session, t, d);
  }

  /** Disconnects the current session's socket; resolves once the socket is closed. */
  drop(mode: DropMode = 'close'): Promise<void> {
    const conn = this.current?.conn;
    if (!conn) return Promise.reject(new Error('stand-in: dropGateway() with no connected session'));
    const closed = new Promise<void>((resolve) => {
      if (conn.ws.readyState === conn.ws.CLOSED) resolve();
      else conn.ws.once('close', () => resolve());
    });
    switch (mode) {
      case 'close':
        conn.closedByServer = true;
        conn.ws.close(GatewayCloseCodes.UnknownError, 'stand-in: dropped');
        break;
      case 'terminate':
        conn.closedByServer = true;
        conn.ws.terminate();
        break;
      case 'reconnect':
        conn.send(JSON.stringify({ op: GatewayOpcodes.Reconnect, d: null, s: null, t: null }));
        break;
      case 'invalidate':
        if (conn.session) conn.session.resumable = false;
        conn.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null }));
        break;
    }
    return closed;
  }

  close(): void {
    for (const conn of this.conns) {
      conn.closedByServer = true;
      conn.ws.terminate();
    }
    this.conns.clear();
    this.wss.close();
  }

  // -------------------------------------------------------------------------------------------

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const record: ConnectionRecord = { url: req.url ?? '/', at: Date.now() };
    this.connections.push(record);
    const query = new URL(req.url ?? '/', 'ws://x').searchParams;
    const conn: Conn = { ws, record, session: null, send: (text) => ws.send(text), closedByServer: false };
    this.conns.add(conn);

    const compress = query.get('compress');
    if (compress === 'zlib-stream') {
      // One shared zlib context per connection; every payload ends with a Z_SYNC_FLUSH (00 00 ff ff).
      const deflate = createDeflate();
      const pending: Buffer[] = [];
      deflate.on('data', (chunk: Buffer) => pending.push(chunk));
      conn.send = (text) => {
        deflate.write(text);
        deflate.flush(zconst.Z_SYNC_FLUSH, () => {
          const out = Buffer.concat(pending.splice(0));
          if (out.length > 0 && ws.readyState === ws.OPEN) ws.send(out, { binary: true });
        });
      };
      ws.once('close', () => deflate.destroy());
    }

    ws.on('message', (data, isBinary) => this.onMessage(conn, data, isBinary));
    ws.on('close', (code) => {
      this.conns.delete(conn);
      record.closeCode = code;
      record.closedBy = conn.closedByServer ? 'server' : 'client';
      const session = conn.session;
      if (session?.conn === conn) {
        session.conn = null;
        // Closing with 1000/1001 ends the session; any other code (or a dropped TCP connection) keeps it resumable.
        if (!conn.closedByServer && (code === 1000 || code === 1001)) session.resumable = false;
      }
      this.opts.notify();
    });
    ws.on('error', () => undefined);

    conn.send(
      JSON.stringify({
        op: GatewayOpcodes.Hello,
        d: { heartbeat_interval: this.opts.heartbeatIntervalMs },
        s: null,
        t: null,
      }),
    );

    if (query.get('v') !== '10') {
      this.closeWith(conn, GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version');
    } else if ((query.get('encoding') ?? 'json') !== 'json') {
      this.closeWith(conn, GatewayCloseCodes.DecodeError, 'stand-in supports only encoding=json');
    } else if (compress !== null && compress !== 'zlib-stream') {
      this.closeWith(conn, GatewayCloseCodes.DecodeError, `stand-in does not support compress=${compress}`);
    }
    this.opts.notify();
  }

  private closeWith(conn: Conn, code: number, reason: string): void {
    conn.closedByServer = true;
    if (conn.ws.readyState === conn.ws.OPEN || conn.ws.readyState === conn.ws.CONNECTING) conn.ws.close(code, reason);
  }

  private onMessage(conn: Conn, data: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.closeWith(conn, GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(
        Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'),
      );
    } catch {
      this.closeWith(conn, GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    if (!isRecord(payload) || typeof payload.op !== 'number') {
      this.closeWith(conn, GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    const d = payload.d;
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        this.heartbeats++;
        conn.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null }));
        this.opts.notify();
        return;
      case GatewayOpcodes.Identify: {
        this.onIdentify(conn, d);
        return;
      }
      case GatewayOpcodes.Resume: {
        this.onResume(conn, d);
        return;
      }
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestGuildMembers:
      case GatewayOpcodes.RequestSoundboardSounds:
        if (!conn.session) {
          this.closeWith(conn, GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
          return;
        }
        return;
      default: {
        this.closeWith(conn, GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
        return;
      }
    }
  }

  private onIdentify(conn: Conn, d: unknown): void {
    if (conn.session) {
      this.closeWith(conn, GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
      return;
    }
    if (!isRecord(d)) {
      this.closeWith(conn, GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    const record: IdentifyRecord = {
      token: typeof d.token === 'string' ? d.token : String(d.token),
      intents: typeof d.intents === 'number' ? d.intents : Number.NaN,
      properties: d.properties,
      shard: d.shard,
      compress: d.compress,
      large_threshold: d.large_threshold,
      presence: d.presence,
      accepted: false,
      at: Date.now(),
    };
    this.identifies.push(record);
    const reject = (code: number, reason: string): void => {
      record.closeCode = code;
      this.closeWith(conn, code, reason);
      this.opts.notify();
    };
    if (record.token !== this.opts.token) {
      reject(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    if (!isRecord(d.properties) || typeof d.properties.os !== 'string') {
      reject(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    if (!Number.isInteger(record.intents) || record.intents < 0 || (record.intents & ~KNOWN_INTENTS) !== 0) {
      reject(GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).');
      return;
    }
    if ((record.intents & PRIVILEGED & ~this.opts.enabledPrivilegedIntents) !== 0) {
      reject(GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
      return;
    }
    if (d.shard !== undefined && !(Array.isArray(d.shard) && d.shard[0] === 0 && d.shard[1] === 1)) {
      reject(GatewayCloseCodes.InvalidShard, 'Invalid shard.');
      return;
    }
    record.accepted = true;

    const session: Session = {
      id: randomToken(16),
      seq: 0,
      buffer: [],
      conn,
      resumable: true,
      intents: record.intents,
      ready: false,
    };
    this.sessions.set(session.id, session);
    this.current = session;
    conn.session = session;

    const world = this.opts.world;
    const ready: GatewayReadyDispatchData = {
      v: 10,
      user: { ...world.botUser, bot: true, verified: true, mfa_enabled: false, flags: 0 as UserFlags },
      guilds: [{ id: world.guildId, unavailable: true }],
      session_id: session.id,
      resume_gateway_url: this.resumeUrl,
      shard: [0, 1],
      application: {
        id: world.applicationId,
        flags: ApplicationFlags.ApplicationCommandBadge,
        flags_new: String(ApplicationFlags.ApplicationCommandBadge),
      },
    };
    this.dispatchTo(session, GatewayDispatchEvents.Ready, ready);
    if (record.intents & GatewayIntentBits.Guilds)
      this.dispatchTo(session, GatewayDispatchEvents.GuildCreate, guildCreate(world));
    session.ready = true;
    this.opts.notify();
  }

  private onResume(conn: Conn, d: unknown): void {
    if (conn.session) {
      this.closeWith(conn, GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
      return;
    }
    if (!isRecord(d)) {
      this.closeWith(conn, GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    if (d.token !== this.opts.token) {
      this.closeWith(conn, GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return;
    }
    const session = typeof d.session_id === 'string' ? this.sessions.get(d.session_id) : undefined;
    const seq = d.seq;
    const oldest = session?.buffer[0]?.s ?? 1;
    if (!session || !session.resumable || typeof seq !== 'number' || seq < oldest - 1) {
      conn.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null }));
      this.opts.notify();
      return;
    }
    if (seq > session.seq) {
      this.closeWith(conn, GatewayCloseCodes.InvalidSeq, 'Invalid seq.');
      return;
    }
    if (session.conn && session.conn !== conn)
      this.closeWith(session.conn, GatewayCloseCodes.SessionTimedOut, 'Session resumed elsewhere.');
    session.conn = conn;
    conn.session = session;
    this.current = session;
    for (const p of session.buffer) if (p.s > seq) conn.send(JSON.stringify(p));
    this.resumes++;
    this.dispatchTo(session, GatewayDispatchEvents.Resumed, null);
    this.opts.notify();
  }

  private dispatchTo(session: Session, t: string, d: unknown): number {
    session.seq += 1;
    const payload: DispatchPayload = { op: 0, t, s: session.seq, d };
    session.buffer.push(payload);
    if (session.buffer.length > REPLAY_BUFFER) session.buffer.shift();
    const conn = session.conn;
    if (conn && conn.ws.readyState === conn.ws.OPEN) conn.send(JSON.stringify(payload));
    return session.seq;
  }
}
