package io.osimg.transfer;

import java.time.Duration;

/** Pauses the calling thread; injected so tests can record backoff pauses instead of waiting. */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = d -> Thread.sleep(d);

    void sleep(Duration duration) throws InterruptedException;
}
