/**
 * The web server: Express 5 in front of the React Router 7 app (docs/decisions/0001).
 * Development: Vite in middleware mode with HMR. Production: the built app in build/.
 * Run it with `tsx server.ts`; tests start it in-process with startServer({ port: 0 }).
 */
import cluster from 'node:cluster'
import { randomBytes, randomUUID } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createRequestHandler } from '@react-router/express'
import compression from 'compression'
import express, { type Request, type Response } from 'express'
import helmet from 'helmet'
import { Redis } from 'ioredis'
import type { Logger } from 'pino'
import { pinoHttp } from 'pino-http'
import type { ServerBuild } from 'react-router'
import type { ViteDevServer } from 'vite'
import { prisma as sharedPrisma } from './app/utils/db.server.ts'
import { env } from './app/utils/env.server.ts'
import { logger as sharedLogger } from './app/utils/logger.server.ts'
import { redactPersonalIds } from './app/modules/identity/personal-id.ts'
import { createPageCache } from './app/utils/page-cache.server.ts'
import type { PrismaClient } from './app/generated/prisma/client.ts'

/** Paths are taken from this file, never from the working directory, so assets resolve wherever it is started. */
const ROOT = path.dirname(fileURLToPath(import.meta.url))
const BUILD_DIR = path.join(ROOT, 'build')

export type ServerMode = 'development' | 'production' | 'test'

export interface ServerOptions {
  /** development: Vite dev middleware; production and test: the built app in build/. */
  mode?: ServerMode
  port?: number
  host?: string
  logger?: Logger
  prisma?: PrismaClient
  /** Defaults to REDIS_URL. */
  redisUrl?: string
  /** How long in-flight requests may take to finish on shutdown before sockets are cut. */
  shutdownTimeoutMs?: number
  /** How long /healthz waits for each dependency. */
  healthTimeoutMs?: number
  /** Overrides PAGE_CACHE_TTL_MS (app/utils/page-cache.server.ts). */
  pageCacheTtlMs?: number
}

/** The public pages an anonymous visitor may get from the page cache: the clinic finder, a clinic, the comparison. */
const PUBLIC_PAGES = /^\/vardcentraler(\/[^/]+)?\/?$/

export interface AppServer {
  app: express.Express
  httpServer: http.Server
  /** Stops accepting, lets in-flight requests finish (up to the timeout), then closes Prisma, Redis and Vite. */
  close(): Promise<void>
}

export interface RunningServer extends AppServer {
  url: string
  port: number
}

type HealthStatus = 'ok' | 'down'

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** The request path without its query string: a query string may carry a personal identity number. */
function pathOnly(url: string | undefined): string {
  return (url ?? '/').split('?')[0] ?? '/'
}

export async function createServer(options: ServerOptions = {}): Promise<AppServer> {
  const mode: ServerMode = options.mode ?? env().NODE_ENV
  const development = mode === 'development'
  const logger = options.logger ?? sharedLogger
  const prisma = options.prisma ?? sharedPrisma
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 10_000
  const healthTimeoutMs = options.healthTimeoutMs ?? 2_000

  // Redis is only pinged here; one retry, so a dead Redis makes /healthz fail fast instead of hanging.
  const redis = new Redis(options.redisUrl ?? env().REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: healthTimeoutMs,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  })
  let lastRedisError = ''
  /** One connection attempt shared by concurrent health checks. */
  let redisConnecting: Promise<void> | undefined
  redis.on('error', (error: Error) => {
    if (error.message !== lastRedisError) logger.warn({ err: error }, 'redis connection error')
    lastRedisError = error.message
  })
  redis.on('ready', () => {
    lastRedisError = ''
  })

  const app = express()
  const httpServer = http.createServer(app)
  app.disable('x-powered-by')

  let vite: ViteDevServer | undefined
  if (development) {
    const { createServer: createViteServer } = await import('vite')
    vite = await createViteServer({
      root: ROOT,
      configFile: path.join(ROOT, 'vite.config.ts'),
      // HMR shares this HTTP server, so parallel dev servers never fight over Vite's own port.
      server: { middlewareMode: true, ws: { server: httpServer } },
      appType: 'custom',
    })
  }

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const id = randomUUID()
        res.setHeader('X-Request-Id', id)
        return id
      },
      serializers: {
        // Serializers run after the logger's own masking, so the path is masked here.
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, path: redactPersonalIds(pathOnly(req.url)) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      // originalUrl: a mounted middleware (the /assets static files) sees a shortened req.url.
      customSuccessMessage: (req, res) => `${req.method} ${pathOnly((req as Request).originalUrl ?? req.url)} ${res.statusCode}`,
      customErrorMessage: (req, res) => `${req.method} ${pathOnly((req as Request).originalUrl ?? req.url)} ${res.statusCode}`,
      autoLogging: {
        // Health probes and dev-server module requests would drown the log.
        ignore: (req) => {
          const p = pathOnly(req.url)
          return p === '/healthz' || (development && (p.startsWith('/@') || p.startsWith('/app/') || p.startsWith('/node_modules/')))
        },
      },
    }),
  )

  // One nonce per response, for React Router's inline scripts (docs/decisions/0005-csp-nonce.md).
  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64')
    next()
  })
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce as string}'`],
          scriptSrcAttr: ["'none'"],
          // Vite injects CSS as <style> elements in development.
          styleSrc: development ? ["'self'", "'unsafe-inline'"] : ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          // Vite's HMR client talks over a WebSocket in development.
          connectSrc: development ? ["'self'", 'ws:', 'wss:'] : ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          // TLS is terminated in front of us; upgrading would break plain-HTTP local and test runs.
          upgradeInsecureRequests: null,
        },
      },
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    }),
  )
  app.use(compression())
  // After compression, so the cache keeps the page as rendered and each response is compressed for its client.
  const pageCache = createPageCache({ paths: PUBLIC_PAGES, ttlMs: development ? 0 : (options.pageCacheTtlMs ?? env().PAGE_CACHE_TTL_MS) })
  app.use(pageCache.middleware)

  app.get('/healthz', async (_req: Request, res: Response) => {
    const check = async (name: string, probe: () => Promise<unknown>): Promise<HealthStatus> => {
      try {
        await withTimeout(probe(), healthTimeoutMs, name)
        return 'ok'
      } catch (error) {
        logger.warn({ err: error }, `health check: ${name} is down`)
        return 'down'
      }
    }
    const [postgres, redisStatus] = await Promise.all([
      check('postgres', () => prisma.$queryRaw`SELECT 1`),
      check('redis', async () => {
        if (redis.status === 'wait') await (redisConnecting ??= redis.connect().finally(() => (redisConnecting = undefined)))
        return redis.ping()
      }),
    ])
    const down = [postgres === 'down' && 'postgres', redisStatus === 'down' && 'redis'].filter(Boolean) as string[]
    res.setHeader('Cache-Control', 'no-store')
    res
      .status(down.length === 0 ? 200 : 503)
      .json(down.length === 0 ? { status: 'ok', postgres, redis: redisStatus } : { status: 'down', down, postgres, redis: redisStatus })
  })

  let build: ServerBuild | (() => Promise<ServerBuild>)
  if (vite) {
    const devServer = vite
    app.use(devServer.middlewares)
    build = () => devServer.ssrLoadModule('virtual:react-router/server-build') as Promise<ServerBuild>
  } else {
    // Fingerprinted file names: cache for a year.
    app.use('/assets', express.static(path.join(BUILD_DIR, 'client', 'assets'), { immutable: true, maxAge: '1y', fallthrough: false, index: false }))
    app.use(express.static(path.join(BUILD_DIR, 'client'), { maxAge: '1h', index: false }))
    build = (await import(pathToFileURL(path.join(BUILD_DIR, 'server', 'index.js')).href)) as ServerBuild
  }

  app.use(
    createRequestHandler({
      build,
      mode: mode === 'test' ? 'production' : mode,
      getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }),
    }),
  )

  // Errors that reach Express itself: a missing /assets file (404) or a fault before React Router.
  app.use((error: unknown, req: Request, res: Response, next: express.NextFunction) => {
    const status = (error as { status?: number }).status ?? 500
    if (status >= 500) logger.error({ err: error, path: pathOnly(req.originalUrl) }, 'request failed')
    if (res.headersSent) return next(error)
    res.status(status).type('text/plain').send(status === 404 ? 'Not Found' : 'Internal Server Error')
  })

  let closing: Promise<void> | undefined
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => {
        if (!httpServer.listening) return resolve()
        httpServer.close(() => resolve())
        httpServer.closeIdleConnections()
      })
      const hardStop = setTimeout(() => {
        logger.warn(`shutdown: requests still open after ${shutdownTimeoutMs} ms, closing their connections`)
        httpServer.closeAllConnections()
      }, shutdownTimeoutMs)
      hardStop.unref()
      await stopped
      clearTimeout(hardStop)
      await Promise.allSettled([
        vite?.close(),
        prisma.$disconnect(),
        // quit() waits for a reply, which a Redis that is down never sends: just drop the socket then.
        redis.status === 'ready' ? redis.quit().catch(() => redis.disconnect()) : Promise.resolve(redis.disconnect()),
      ])
    })()
    return closing
  }

  return { app, httpServer, close }
}

/** Creates the server and listens; port 0 picks a free port. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const server = await createServer(options)
  const host = options.host ?? env().HOST
  const port = options.port ?? env().PORT
  await new Promise<void>((resolve, reject) => {
    server.httpServer.once('error', reject)
    server.httpServer.listen(port, host, () => {
      server.httpServer.off('error', reject)
      resolve()
    })
  })
  const address = server.httpServer.address() as AddressInfo
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return { ...server, port: address.port, url: `http://${shownHost}:${address.port}` }
}

/**
 * WEB_CONCURRENCY > 1: this process only keeps that many web processes running on the shared port
 * (Node's cluster), replaces one that dies, and passes a stop signal on. A process that dies within
 * its first seconds stops them all (a broken configuration would otherwise restart for ever).
 */
function runPrimary(processes: number): void {
  const logger = sharedLogger
  let stopping = false
  const started = new Map<number, number>()
  const fork = () => {
    const worker = cluster.fork()
    started.set(worker.id, Date.now())
  }
  for (let i = 0; i < processes; i++) fork()
  cluster.on('exit', (worker, code, signal) => {
    const alive = Object.keys(cluster.workers ?? {}).length
    if (stopping) {
      if (alive === 0) process.exit(0)
      return
    }
    if (Date.now() - (started.get(worker.id) ?? 0) < 5_000) {
      logger.fatal({ code, signal }, 'a web process died while starting; stopping')
      stopping = true
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM')
      process.exitCode = 1
      if (alive === 0) process.exit(1)
      return
    }
    logger.error({ code, signal, pid: worker.process.pid }, 'a web process died; starting another')
    fork()
  })
  const stop = (signal: NodeJS.Signals) => {
    stopping = true
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal)
    setTimeout(() => process.exit(1), 20_000).unref()
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
  console.log(`Vårdval: ${processes} web processes (WEB_CONCURRENCY)`)
}

async function main(): Promise<void> {
  const { NODE_ENV: mode, WEB_CONCURRENCY: processes } = env()
  if (processes > 1 && cluster.isPrimary) return runPrimary(processes)
  const server = await startServer({ mode })
  const logger = sharedLogger
  logger.info({ url: server.url, mode }, 'listening')
  console.log(`Vårdval (${mode}) listening on ${server.url}`)

  const forceExitMs = 15_000
  const shutdown = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down')
    // If closing itself hangs (a stuck pool), leave anyway.
    setTimeout(() => {
      logger.error('shutdown did not finish in time; exiting')
      process.exit(1)
    }, forceExitMs).unref()
    server.close().then(
      () => {
        logger.info('shut down')
        logger.flush()
        process.exit(0)
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', shutdown)
  process.once('SIGINT', shutdown)
}

const runDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (runDirectly) {
  main().catch((error: unknown) => {
    sharedLogger.fatal({ err: error }, 'server failed to start')
    console.error(error)
    process.exit(1)
  })
}
