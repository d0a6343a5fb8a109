import Foundation
@testable import TerminalLoop
import Testing

/// The inbox is how network threads, tools and timers reach the curses thread. Its lock must
/// be one ThreadSanitizer can see (`make sanitize` runs this suite too): with
/// `Synchronization.Mutex`, whose futex calls TSan does not see, posts and drains like these
/// were reported as races.
@Suite struct LoopInboxTests {
    /// Events posted from several threads while the loop drains arrive once each, every
    /// thread's in the order it posted them, and each post wakes the loop (one byte in its
    /// wake pipe).
    @Test func postsFromManyThreadsArriveOnceAndInOrder() throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
        let inbox = LoopInbox<Int>(wakeFD: fds[1])
        let senders = 4, each = 1500
        let done = DispatchGroup()
        for sender in 0..<senders {
            done.enter()
            Thread.detachNewThread {
                for i in 0..<each { inbox.post(sender * 1_000_000 + i) }
                done.leave()
            }
        }
        var received: [Int] = []
        var wakes = 0
        var byte: UInt8 = 0
        let deadline = Date().addingTimeInterval(60)
        while received.count < senders * each, Date() < deadline {
            received += inbox.drain()
            while read(fds[0], &byte, 1) == 1 { wakes += 1 }
        }
        #expect(done.wait(timeout: .now() + 60) == .success)
        received += inbox.drain()
        while read(fds[0], &byte, 1) == 1 { wakes += 1 }
        #expect(received.count == senders * each)
        #expect(wakes == senders * each)
        for sender in 0..<senders {
            #expect(received.filter { $0 / 1_000_000 == sender } == (0..<each).map { sender * 1_000_000 + $0 })
        }
    }

    /// A loop that stops draining holds at most `capacity` events; later posts are dropped
    /// (and wake nobody), and draining empties it.
    @Test func aStalledLoopHoldsAtMostTheCapacity() throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
        _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
        let inbox = LoopInbox<Int>(wakeFD: fds[1])
        let capacity = LoopInbox<Int>.capacity
        for i in 0..<(capacity + 50) { inbox.post(i) }
        let held = inbox.drain()
        #expect(held == Array(0..<capacity))
        #expect(inbox.drain().isEmpty)
    }
}
