package io.vidsift.common.messages;

/** A clip's wall-clock times in epoch milliseconds: the analyzer's when it gave them, else derived the same way. */
public final class ClipTimes {

    private ClipTimes() {
    }

    public static Long wallStart(CloudWindow window, ClipResult clip) {
        if (clip.wallStart() != null) {
            return clip.wallStart();
        }
        Long begin = window == null ? null : window.actualBegin();
        return begin == null ? null : begin * 1000 + Math.round(clip.startOffset() * 1000);
    }

    public static Long wallEnd(CloudWindow window, ClipResult clip) {
        if (clip.wallEnd() != null) {
            return clip.wallEnd();
        }
        Long begin = window == null ? null : window.actualBegin();
        return begin == null ? null : begin * 1000 + Math.round(clip.endOffset() * 1000);
    }
}
