package dev.modelregistry.streams.query;

import org.apache.kafka.streams.query.Position;

/**
 * A store answer and the position of the store that gave it.
 *
 * @param value the answer; null when there is nothing (unknown model, no version at that time)
 * @param position how far into the events topic the answering store had read; never null
 */
public record Answer<T>(T value, Position position) {
}
