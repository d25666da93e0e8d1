/// Thrown from a response body writer to make Hummingbird close the connection mid-body
/// (the `drop` fault): the client sees a chunked body that never terminates properly.
struct ConnectionDrop: Error {}
