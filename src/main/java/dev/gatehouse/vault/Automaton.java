package dev.gatehouse.vault;

import java.util.Arrays;

/**
 * An Aho–Corasick automaton over chars. Goto edges live in one open-addressing table keyed by
 * {@code state << 16 | char}, so a state costs a few ints whatever its fan-out. Each state knows the longest
 * pattern that is a suffix of its path (its own, else its failure state's), which is all a redactor needs.
 */
final class Automaton {

    private int size = 1;
    private int[] fail = new int[16];
    private int[] depth = new int[16];
    private int[] terminalSecret = filled(16);
    private int[] bestLength = new int[16];
    private int[] bestSecret = filled(16);
    private long[] edgeKeys = emptyKeys(64);
    private int[] edgeTargets = new int[64];
    private int edges;
    private int[] childrenHead = filled(16);
    private int[] nextSibling = new int[16];
    private char[] parentChar = new char[16];

    void add(char[] pattern, int secret) {
        if (pattern.length == 0) {
            return;
        }
        int state = 0;
        for (char c : pattern) {
            int next = edge(state, c);
            if (next < 0) {
                next = newState(state);
                putEdge(state, c, next);
            }
            state = next;
        }
        if (terminalSecret[state] < 0) {
            terminalSecret[state] = secret;
        }
    }

    /** Computes failure links and longest matches, breadth first; call once after every {@link #add}. */
    void link() {
        int[] queue = new int[size];
        int head = 0;
        int tail = 0;
        for (int child = childrenHead[0]; child >= 0; child = nextSibling[child]) {
            fail[child] = 0;
            queue[tail++] = child;
        }
        while (head < tail) {
            int state = queue[head++];
            bestLength[state] = terminalSecret[state] >= 0 ? depth[state] : bestLength[fail[state]];
            bestSecret[state] = terminalSecret[state] >= 0 ? terminalSecret[state] : bestSecret[fail[state]];
            for (int child = childrenHead[state]; child >= 0; child = nextSibling[child]) {
                char c = parentChar[child];
                int f = fail[state];
                while (f != 0 && edge(f, c) < 0) {
                    f = fail[f];
                }
                int target = edge(f, c);
                fail[child] = Math.max(target, 0);
                queue[tail++] = child;
            }
        }
    }

    int step(int state, char c) {
        while (true) {
            int next = edge(state, c);
            if (next >= 0) {
                return next;
            }
            if (state == 0) {
                return 0;
            }
            state = fail[state];
        }
    }

    int longestMatch(int state) {
        return bestLength[state];
    }

    int matchSecret(int state) {
        return bestSecret[state];
    }

    int size() {
        return size;
    }

    private int newState(int parent) {
        if (size == fail.length) {
            int capacity = size * 2;
            fail = Arrays.copyOf(fail, capacity);
            depth = Arrays.copyOf(depth, capacity);
            bestLength = Arrays.copyOf(bestLength, capacity);
            terminalSecret = grow(terminalSecret, capacity);
            bestSecret = grow(bestSecret, capacity);
            childrenHead = grow(childrenHead, capacity);
            nextSibling = Arrays.copyOf(nextSibling, capacity);
            parentChar = Arrays.copyOf(parentChar, capacity);
        }
        int state = size++;
        depth[state] = depth[parent] + 1;
        nextSibling[state] = childrenHead[parent];
        childrenHead[parent] = state;
        return state;
    }

    private int edge(int state, char c) {
        long key = key(state, c);
        int mask = edgeKeys.length - 1;
        for (int slot = mix(key) & mask; ; slot = (slot + 1) & mask) {
            long found = edgeKeys[slot];
            if (found == key) {
                return edgeTargets[slot];
            }
            if (found == -1) {
                return -1;
            }
        }
    }

    private void putEdge(int state, char c, int target) {
        parentChar[target] = c;
        if ((edges + 1) * 2 > edgeKeys.length) {
            rehash(edgeKeys.length * 2);
        }
        insert(key(state, c), target);
        edges++;
    }

    private void insert(long key, int target) {
        int mask = edgeKeys.length - 1;
        int slot = mix(key) & mask;
        while (edgeKeys[slot] != -1) {
            slot = (slot + 1) & mask;
        }
        edgeKeys[slot] = key;
        edgeTargets[slot] = target;
    }

    private void rehash(int capacity) {
        long[] oldKeys = edgeKeys;
        int[] oldTargets = edgeTargets;
        edgeKeys = emptyKeys(capacity);
        edgeTargets = new int[capacity];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != -1) {
                insert(oldKeys[i], oldTargets[i]);
            }
        }
    }

    private static long key(int state, char c) {
        return ((long) state << 16) | c;
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private static long[] emptyKeys(int capacity) {
        long[] keys = new long[capacity];
        Arrays.fill(keys, -1);
        return keys;
    }

    private static int[] filled(int capacity) {
        int[] values = new int[capacity];
        Arrays.fill(values, -1);
        return values;
    }

    private static int[] grow(int[] values, int capacity) {
        int[] grown = Arrays.copyOf(values, capacity);
        Arrays.fill(grown, values.length, capacity, -1);
        return grown;
    }
}
