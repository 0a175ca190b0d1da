package org.concordia.bench;

public final class EventStoreBenchmark {
    public static void main(String[] args) {
    }
}
