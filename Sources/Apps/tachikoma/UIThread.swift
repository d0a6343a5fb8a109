import Foundation

/// Runs the UI loop on a thread of its own (curses is owned by that one thread; the main
/// thread and the concurrency pool stay free for network tasks) and waits for it.
enum UIThread {
    static func run(_ body: @escaping @Sendable () throws -> Void) -> Result<Void, any Error> {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        let thread = Thread {
            box.set(Result { try body() })
            done.signal()
        }
        thread.name = "tachikoma-ui"
        thread.stackSize = 8 << 20
        thread.start()
        done.wait()
        return box.get()
    }
}

/// The UI thread's result, handed to the main thread.
private final class ResultBox: @unchecked Sendable {
    // Safe: written once by the UI thread before `done.signal()`, read by the main thread
    // only after `done.wait()`; the semaphore orders the two.
    private var result: Result<Void, any Error> = .success(())
    func set(_ r: Result<Void, any Error>) { result = r }
    func get() -> Result<Void, any Error> { result }
}
