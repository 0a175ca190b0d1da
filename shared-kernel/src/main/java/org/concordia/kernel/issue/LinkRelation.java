package org.concordia.kernel.issue;


public enum LinkRelation {
    RELATES_TO, DUPLICATES, BLOCKS
}
