/**
 * The persistent job queue: training and batch work stored in PostgreSQL, run by a pool of
 * workers that may live in several Vigil instances sharing one database.
 *
 * <p>{@link io.vigil.server.jobs.JobQueue} submits, reads, cancels and re-prioritises jobs;
 * {@link io.vigil.server.jobs.JobWorkers} claims them ({@code FOR UPDATE SKIP LOCKED}), runs the
 * {@link io.vigil.server.jobs.JobHandler} registered for their kind, enforces time limits and
 * cancellation, and re-queues the jobs of instances that died (each running job is guarded by a
 * PostgreSQL session advisory lock held by its worker). {@link io.vigil.server.jobs.JobListener}s
 * hear every state change and progress report. Nothing here knows about models or the engine.
 */
package io.vigil.server.jobs;
