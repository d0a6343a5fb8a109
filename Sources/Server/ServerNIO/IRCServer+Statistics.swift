import NIOCore
import ServerCore

extension IRCServer {
    /// The server's counters, read on its event loop (for metrics and the status view).
    public func statistics() async -> ServerStatistics? {
        let state = self.state
        return try? await loop.submit {
            var s = state.value.core.statistics
            s.messagesPersisted = state.value.storageWork.persisted
            s.historyRetries = state.value.storageWork.retries
            s.messagesNotStored = state.value.storageWork.notStored
            return s
        }.get()
    }
}
