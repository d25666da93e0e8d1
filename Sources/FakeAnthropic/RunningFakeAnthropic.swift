/// An in-process fake server started by ``FakeAnthropicServer/start(options:)``.
package final class RunningFakeAnthropic: Sendable {
    package let port: Int
    package let state: FakeAnthropicState
    private let task: Task<Void, Never>

    package var baseURL: String { "http://127.0.0.1:\(port)" }

    init(port: Int, state: FakeAnthropicState, task: Task<Void, Never>) {
        self.port = port
        self.state = state
        self.task = task
    }

    /// Shuts the server down: cancels it (in-flight requests included) and waits until it has stopped.
    package func stop() async {
        task.cancel()
        await task.value
    }
}
