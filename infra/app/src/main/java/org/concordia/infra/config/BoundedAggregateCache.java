package org.concordia.infra.config;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The aggregate cache: the most recently used aggregates, held strongly up to a number of entries. Axon's
 * {@code WeakReferenceCache} held them only weakly, so every garbage collection emptied it and the next command on an
 * issue read its snapshot and replayed the events since (under load several times a second). The repository decides
 * what goes in and out exactly as before: it puts an aggregate after its unit of work commits and removes it when one
 * rolls back; this only keeps the entries until they are the least recently used of more than {@code maximumSize}.
 */
final class BoundedAggregateCache implements Cache {

    private final com.github.benmanes.caffeine.cache.Cache<Object, Object> cache;
    private final ConcurrentMap<Object, Object> entries;
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();

    BoundedAggregateCache(long maximumSize) {
        this.cache = Caffeine.newBuilder()
                               .maximumSize(maximumSize)
                               .executor(Runnable::run) // evict on the writer's thread, as a plain map would
                               .removalListener((Object key, Object value, RemovalCause cause) -> {
                                   if (key != null && cause.wasEvicted()) {
                                       listeners.forEach(listener -> listener.onEntryExpired(key));
                                   }
                               })
                               .build();
        this.entries = cache.asMap();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        V value = (V) entries.get(key);
        if (value != null) {
            listeners.forEach(listener -> listener.onEntryRead(key, value));
        }
        return value;
    }

    @Override
    public void put(Object key, Object value) {
        if (value == null) {
            remove(key);
            return;
        }
        Object previous = entries.put(key, value);
        listeners.forEach(listener -> {
            if (previous == null) {
                listener.onEntryCreated(key, value);
            } else {
                listener.onEntryUpdated(key, value);
            }
        });
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        boolean added = entries.putIfAbsent(key, Objects.requireNonNull(value, "value")) == null;
        if (added) {
            listeners.forEach(listener -> listener.onEntryCreated(key, value));
        }
        return added;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return (T) entries.computeIfAbsent(key, k -> valueSupplier.get());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.computeIfPresent(key, (k, v) -> update.apply((V) v));
    }

    @Override
    public boolean remove(Object key) {
        boolean removed = entries.remove(key) != null;
        if (removed) {
            listeners.forEach(listener -> listener.onEntryRemoved(key));
        }
        return removed;
    }

    @Override
    public void removeAll() {
        for (Map.Entry<Object, Object> entry : entries.entrySet()) {
            remove(entry.getKey());
        }
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        listeners.add(cacheEntryListener);
        return () -> listeners.remove(cacheEntryListener);
    }

    /** The number of entries once pending evictions are done. */
    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
