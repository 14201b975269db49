import { Worker } from 'node:worker_threads';
import type { LoginOutcome, Mailer, OutgoingMessage, SendOutcome, SmtpAccount } from '../app/ports.js';
import { DEFAULT_CONNECTIONS_PER_SENDER, SmtpMailer, type SmtpMailerOptions } from './smtp-mailer.js';
import { deliveryUnknown, notHandedOver, threadNotStarted } from './thread-outcomes.js';
import { workerScript } from '../worker-script.js';

/** What the engine posts to a mail thread. */
export type ThreadRequest =
  { type: 'send'; id: number; account: SmtpAccount; message: OutgoingMessage } | { type: 'close'; id: number };

/** What a mail thread answers, by the request's id; `ready` once, when it can take sends. */
export type ThreadReply = { id: number; outcome: SendOutcome } | { id: number; closed: true } | { ready: true };

type Answer = Exclude<ThreadReply, { ready: true }>;

export interface ThreadedMailerOptions {
  /** mail threads; a sender's pool always lives in the same one */
  threads: number;
  smtp?: SmtpMailerOptions;
  /** the thread's script; tests give one that fails */
  script?: URL;
}

const DEFAULT_SCRIPT = workerScript('mail/mailer-thread.js');

interface Thread {
  worker: Worker;
  pending: Map<number, (reply: Answer) => void>;
  /** it said it can take sends: from then on, a send it held when it died may have gone out */
  ready: boolean;
}

/**
 * The SMTP adapter on worker threads: building each MIME message, DKIM-signing it and speaking SMTP
 * take most of a send's CPU (docs/decisions.md, "Mail threads"), and here they run beside the event
 * loop that reserves and records sends instead of on it. Each thread holds an SmtpMailer; a sender's
 * pool lives in one thread, so its connection limit holds. Login checks stay on the calling thread.
 */
export class ThreadedMailer implements Mailer {
  private readonly threads: (Thread | undefined)[];
  private readonly local: SmtpMailer;
  private nextId = 1;

  constructor(private readonly options: ThreadedMailerOptions) {
    if (!Number.isInteger(options.threads) || options.threads < 1) throw new RangeError('threads must be at least 1');
    this.threads = Array.from({ length: options.threads }, () => undefined);
    this.local = new SmtpMailer(options.smtp);
  }

  /** A sender's pool lives in one thread, so it has that thread's connections. */
  get connectionsPerSender(): number {
    return this.options.smtp?.maxConnections ?? DEFAULT_CONNECTIONS_PER_SENDER;
  }

  verify(account: SmtpAccount): Promise<LoginOutcome> {
    return this.local.verify(account);
  }

  async send(account: SmtpAccount, message: OutgoingMessage): Promise<SendOutcome> {
    const slot = this.slotOf(account.id);
    const reply = await this.ask(this.threads[slot] ?? this.start(slot), (id) => ({
      type: 'send',
      id,
      account,
      message,
    }));
    return 'outcome' in reply ? reply.outcome : deliveryUnknown('it answered a send with something else');
  }

  /**
   * Closes every thread's pooled connections, then the threads. Like SmtpMailer, the mailer still works
   * afterwards: a later send starts a new thread (each thread leaves its slot before it is asked to
   * close, so no send is posted to a thread on its way out).
   */
  async close(): Promise<void> {
    await this.local.close();
    await Promise.all(
      this.threads.map(async (t, slot) => {
        if (!t) return;
        this.threads[slot] = undefined;
        await this.ask(t, (id) => ({ type: 'close', id }));
        await t.worker.terminate();
      }),
    );
  }

  private ask(t: Thread, request: (id: number) => ThreadRequest): Promise<Answer> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      t.pending.set(id, resolve);
      // A thread with nothing to do must not keep the process alive.
      if (t.pending.size === 1) t.worker.ref();
      try {
        t.worker.postMessage(request(id));
      } catch (err) {
        settle(t, id, { id, outcome: notHandedOver(err instanceof Error ? err.message : String(err)) });
      }
    });
  }

  private start(slot: number): Thread {
    const worker = new Worker(this.options.script ?? DEFAULT_SCRIPT, { workerData: this.options.smtp ?? {} });
    const t: Thread = { worker, pending: new Map(), ready: false };
    worker.on('message', (reply: ThreadReply) => {
      if ('ready' in reply) t.ready = true;
      else settle(t, reply.id, reply);
    });
    // A dying thread's waiting sends are answered on 'exit', not on 'error': Node handles an uncaught
    // error before the messages the thread posted ahead of it ('ready', answers), and delivers those
    // before 'exit'. New sends go to a new thread from the first sign of trouble.
    let why = '';
    const failing = (reason: string) => {
      why ||= reason;
      if (this.threads[slot] === t) this.threads[slot] = undefined;
    };
    worker.on('error', (err) => failing(err.message));
    worker.on('messageerror', (err) => {
      failing(err.message);
      void worker.terminate();
    });
    worker.on('exit', (code) => {
      failing(`exit code ${code}`);
      const outcome = t.ready ? deliveryUnknown(why) : threadNotStarted(why);
      for (const resolve of t.pending.values()) resolve({ id: 0, outcome });
      t.pending.clear();
    });
    worker.unref();
    this.threads[slot] = t;
    return t;
  }

  private slotOf(senderId: string): number {
    let h = 0;
    for (let i = 0; i < senderId.length; i++) h = (h * 31 + senderId.charCodeAt(i)) | 0;
    return Math.abs(h) % this.threads.length;
  }
}

/** Hands a thread's answer to the send waiting for it; a thread with none waiting lets the process end. */
function settle(t: Thread, id: number, reply: Answer): void {
  const resolve = t.pending.get(id);
  t.pending.delete(id);
  if (t.pending.size === 0) t.worker.unref();
  resolve?.(reply);
}
