package io.osimg.store.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The installers' events as they arrive ({@code POST /api/v1/events?machine=ID}), kept in memory per machine so an
 * operator (or the end-to-end test) sees where each machine is. Bounded: the newest {@link #PER_MACHINE} events of
 * each of the {@link #MACHINES} machines heard from most recently; older ones are dropped, never the server.
 * Consecutive {@code "event":"progress"} events of a machine (several a second while it downloads) are kept as the
 * newest one only, so they never push its phases and result out.
 */
final class EventLog {
    static final int PER_MACHINE = 1000;
    static final int MACHINES = 1000;
    static final int MAX_EVENT_BYTES = 64 * 1024;
    private static final Pattern MACHINE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Access order: the machine heard from least recently goes first when the map is full. */
    private final LinkedHashMap<String, Deque<JsonNode>> machines = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<JsonNode>> eldest) {
            return size() > MACHINES;
        }
    };

    static void checkMachine(String machine) {
        if (machine == null || !MACHINE_ID.matcher(machine).matches()) {
            throw new IllegalArgumentException("machine=" + (machine == null ? "" : machine)
                    + ": expected a machine ID (letters, digits, . _ : -, at most 128)");
        }
    }

    /**
     * Keeps one event of {@code machine}: a JSON object, to which the time it was received is added as
     * {@code received} (milliseconds since the epoch, the server's clock).
     *
     * @throws IllegalArgumentException when the machine ID or the body is not acceptable, naming which
     */
    synchronized void add(String machine, byte[] body, long receivedMillis) {
        checkMachine(machine);
        JsonNode event;
        try {
            event = JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("event of machine " + machine + ": not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("event of machine " + machine + ": not JSON (" + e.getMessage() + ")");
        }
        if (!(event instanceof ObjectNode o)) {
            throw new IllegalArgumentException("event of machine " + machine + ": not a JSON object");
        }
        o.put("received", receivedMillis);
        Deque<JsonNode> events = machines.computeIfAbsent(machine, k -> new ArrayDeque<>());
        if (progress(o) && !events.isEmpty() && progress(events.peekLast())) {
            events.removeLast();
        }
        events.addLast(o);
        while (events.size() > PER_MACHINE) {
            events.removeFirst();
        }
    }

    private static boolean progress(JsonNode event) {
        return "progress".equals(event.path("event").asText(null));
    }

    /** The events of {@code machine}, oldest first, as a JSON array (empty for a machine never heard from). */
    synchronized String events(String machine) {
        checkMachine(machine);
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        Deque<JsonNode> events = machines.get(machine);
        if (events != null) {
            events.forEach(a::add);
        }
        return a.toString();
    }

    /** Every machine heard from with its number of kept events and its last event. */
    synchronized String machines() {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        machines.forEach((id, events) -> {
            ObjectNode m = a.addObject();
            m.put("machine", id);
            m.put("events", events.size());
            m.set("last", events.peekLast());
        });
        return a.toString();
    }
}
