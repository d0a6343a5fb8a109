import Dispatch
import Logging
import NIOCore
import ServerCore

/// The storage side of `ServerState`, kept off the event loop.
///
/// History writes: an outbox that carries messages to store is held back, with every
/// outbox after it (order is kept), until the transaction holding those messages has
/// committed; while one transaction runs, new messages gather for the next one (group
/// commit); when the last one held `ServerConfig.historyGroupCommitBusyBatch` messages or
/// more, the next waits `historyGroupCommitDelay` after it, so that more share its commit. A
/// failed transaction is tried again after `ServerConfig.historyRetryDelays`, the outboxes
/// still held;
/// if every try fails, the messages in it are not relayed (nobody sees a message the server
/// could not keep) and their senders get a FAIL. Other requests run on a concurrent queue (reads, scrypt) or on the serial
/// write queue (registrations, read markers), and their answers hop back to the loop.
struct StorageWork {
    let storage: any ServerStorage
    let logger: Logger
    /// Serial: history batches, new accounts and read markers, in order.
    let writeQueue = DispatchQueue(label: "tachikoma.storage.write")
    /// Concurrent: reads and password checks.
    let readQueue = DispatchQueue(label: "tachikoma.storage.read", attributes: .concurrent)
    /// Outboxes waiting for their history batch to commit, in order.
    var held: [HeldOutbox] = []
    var heldHead = 0
    /// Messages for the next batch.
    var pending: [HistoryEntry] = []
    /// Cluster events for the next batch, published in its transaction.
    var pendingEvents: [ClusterEvent] = []
    var writing = false
    /// Messages and cluster events in the last transaction started.
    var lastBatchSize = 0
    /// Whether the next transaction is waiting out `ServerConfig.historyGroupCommitDelay`.
    var gathering = false
    var batchesStarted: UInt64 = 0
    var ticks = 0
    /// Messages committed to history since start.
    var persisted: UInt64 = 0
    /// Failed tries of the transaction being retried (0: none failing).
    var failedTries = 0
    /// History transactions tried again since start.
    var retries: UInt64 = 0
    /// Messages given up on (not stored, not relayed) since start.
    var notStored: UInt64 = 0

    /// Whether a history transaction can start now: messages or events gathered, none running.
    var hasPendingHistory: Bool { !writing && !gathering && (!pending.isEmpty || !pendingEvents.isEmpty) }
}

/// An outbox whose deliveries wait until history batch `batch` has committed (it, or an
/// outbox before it, carries messages to store or cluster events to publish).
struct HeldOutbox {
    var outbox: Outbox
    let batch: UInt64
}

extension ServerState {
    /// Dispatches the outbox's storage requests; returns true if the outbox must wait for
    /// a history write (it is then kept in `held`).
    func hold(_ outbox: Outbox) -> Bool {
        for ticket in outbox.requests { run(ticket) }
        if !outbox.history.isEmpty || !outbox.cluster.isEmpty {
            storageWork.pending.append(contentsOf: outbox.history)
            storageWork.pendingEvents.append(contentsOf: outbox.cluster)
            storageWork.held.append(HeldOutbox(outbox: outbox, batch: storageWork.batchesStarted + 1))
            return true
        }
        if storageWork.heldHead < storageWork.held.count {
            let last = storageWork.held[storageWork.held.count - 1].batch
            storageWork.held.append(HeldOutbox(outbox: outbox, batch: last))
            return true
        }
        return false
    }

    /// Starts a history transaction with the gathered messages, unless one is running.
    func startHistoryWrite() {
        guard storageWork.hasPendingHistory else { return }
        storageWork.writing = true
        storageWork.batchesStarted += 1
        let batch = storageWork.pending
        let events = storageWork.pendingEvents
        storageWork.lastBatchSize = batch.count + events.count
        storageWork.pending = []
        storageWork.pendingEvents = []
        writeHistory(batch, events: events, number: storageWork.batchesStarted)
    }

    /// Commits `batch` (history batch `number`) and publishes `events` in the same
    /// transaction, on the write queue.
    private func writeHistory(_ batch: [HistoryEntry], events: [ClusterEvent], number: UInt64) {
        let storage = storageWork.storage
        let bound = NIOLoopBound(self, eventLoop: loop)
        let loop = self.loop
        storageWork.writeQueue.async {
            let failure: (any Error)?
            do {
                if events.isEmpty {
                    try storage.append(batch)
                } else if let cluster = storage as? any ClusterStorage {
                    try cluster.append(batch, publishing: events)
                } else {
                    throw ClusterStorageMissing()
                }
                failure = nil
            } catch { failure = error }
            loop.execute { bound.value.historyWritten(number, batch: batch, events: events, failure: failure) }
        }
    }

    private func historyWritten(_ number: UInt64, batch: [HistoryEntry], events: [ClusterEvent], failure: (any Error)?) {
        if let failure {
            let delays = core.config.historyRetryDelays
            if storageWork.failedTries < delays.count {
                let delay = TimeAmount.nanoseconds(Int64(max(0, delays[storageWork.failedTries]) * 1e9))
                storageWork.failedTries += 1
                storageWork.retries &+= 1
                storageWork.logger.warning("history write failed; trying again", metadata: [
                    "messages": "\(batch.count)", "try": "\(storageWork.failedTries)",
                    "in_ms": "\(delay.nanoseconds / 1_000_000)", "error": "\(failure)",
                ])
                // The same batch alone, under the same number: messages that arrive meanwhile
                // wait for the next batch (one bad row must not sink them); `writing` stays set.
                loop.assumeIsolated().scheduleTask(in: delay) { [self] in
                    writeHistory(batch, events: events, number: number)
                }
                return
            }
            storageWork.logger.error("history write failed; messages not relayed, senders told", metadata: [
                "messages": "\(batch.count)", "tries": "\(storageWork.failedTries + 1)", "error": "\(failure)",
            ])
            storageWork.notStored &+= UInt64(batch.count)
        } else {
            storageWork.persisted &+= UInt64(batch.count)
        }
        storageWork.writing = false
        storageWork.failedTries = 0
        var untold: [HistoryRelay] = []
        while storageWork.heldHead < storageWork.held.count, storageWork.held[storageWork.heldHead].batch <= number {
            if failure != nil, !storageWork.held[storageWork.heldHead].outbox.history.isEmpty {
                untold += storageWork.held[storageWork.heldHead].outbox.withholdHistory()
            }
            write(storageWork.held[storageWork.heldHead].outbox)
            storageWork.heldHead += 1
        }
        if storageWork.heldHead == storageWork.held.count {
            storageWork.held.removeAll(keepingCapacity: true)
            storageWork.heldHead = 0
        }
        if !untold.isEmpty {
            core.historyNotStored(untold, now: .current)
            deliver()
        }
        if failure != nil, !events.isEmpty {
            // What the other nodes were to hear is lost: rather than diverge from them, this
            // node drops its users (they move to another node) and starts afresh.
            storageWork.logger.error("cluster events not published; leaving the network until the database answers")
            core.clusterLost(reason: "This node lost the network's database", now: .current)
            deliver()
        }
        scheduleFlush()
        // Busy (the last transaction held many messages): let the next one gather for a
        // moment, as databases' own group commit does. Quiet: start it at once.
        let delay = core.config.historyGroupCommitDelay
        if delay > 0, storageWork.lastBatchSize >= core.config.historyGroupCommitBusyBatch {
            storageWork.gathering = true
            loop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(delay * 1e9))) { [self] in
                storageWork.gathering = false
                startHistoryWrite()
            }
        } else {
            startHistoryWrite()
        }
    }

    private func run(_ ticket: StorageTicket) {
        let storage = storageWork.storage
        let bound = NIOLoopBound(self, eventLoop: loop)
        let loop = self.loop
        let logger = storageWork.logger
        let queue: DispatchQueue
        switch ticket.request {
        case .register, .setReadMarker, .replaceMetadata, .claimNick: queue = storageWork.writeQueue
        default: queue = storageWork.readQueue
        }
        queue.async {
            let answer: StorageAnswer?
            do {
                answer = try storage.perform(ticket.request)
            } catch {
                // The request may hold a password: log only its kind.
                logger.error("storage request failed", metadata: ["request": "\(ticket.request.kind)", "error": "\(error)"])
                answer = nil
            }
            loop.execute {
                let state = bound.value
                state.core.storageCompleted(ticket.id, answer, now: .current)
                state.deliver()
                state.scheduleFlush()
            }
        }
    }

    /// Reloads the registered account names every 30 ticks (accounts added from the shell).
    func refreshAccountNamesNowAndThen() {
        storageWork.ticks += 1
        guard storageWork.ticks % 30 == 0, storageWork.storage.features.accounts else { return }
        let storage = storageWork.storage
        let bound = NIOLoopBound(self, eventLoop: loop)
        let loop = self.loop
        storageWork.readQueue.async {
            guard let names = try? storage.accountNames() else { return }
            loop.execute { bound.value.core.loadAccountNames(names) }
        }
    }

    /// Waits (blocking) until every queued storage task has run; used at shutdown.
    func drainStorage() -> @Sendable () -> Void {
        let write = storageWork.writeQueue, read = storageWork.readQueue
        return {
            write.sync {}
            read.sync(flags: .barrier) {}
        }
    }
}

extension StorageRequest {
    /// The request's name without its arguments (safe to log: no passwords).
    var kind: String {
        switch self {
        case .login: return "login"
        case .register: return "register"
        case .scramChallenge: return "scramChallenge"
        case .scramVerify: return "scramVerify"
        case .history: return "history"
        case .targets: return "targets"
        case .readMarker: return "readMarker"
        case .setReadMarker: return "setReadMarker"
        case .metadata: return "metadata"
        case .replaceMetadata: return "replaceMetadata"
        case .claimNick: return "claimNick"
        }
    }
}

/// Cluster events with a storage that cannot publish them (a configuration the server refuses
/// at start; kept as an error rather than a crash).
struct ClusterStorageMissing: Error, CustomStringConvertible {
    var description: String { "cluster mode needs a PostgreSQL database" }
}
