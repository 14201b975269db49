// A stand-in mail thread for ThreadedMailer's tests that fails while loading, before it says it is
// ready, as a thread would whose script or one of its imports is missing.
throw new Error('cannot load the mail thread');
