/**
 * `GET /__admin/live`: the liveness check a load balancer (deploy/haproxy/groups-mock.cfg) or an
 * orchestrator polls. It says only that this process answers HTTP — nothing about state, namespaces
 * or a store — so it is the one admin call that needs no admin token (a balancer's check carries
 * none); the guard's Host and cross-site checks still apply. Readiness and reasons are
 * `/__admin/health`'s.
 */
import type { Request, Response } from 'express';

/** The path under `/__admin`. */
export const LIVE_PATH = '/live';

/** Whether a request is the liveness check (GET or HEAD of exactly `/__admin/live`). */
export function isLivenessCheck(req: Request): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && req.path === LIVE_PATH;
}

export function live(_req: Request, res: Response): void {
  res.status(200).json({ status: 'ok' });
}
