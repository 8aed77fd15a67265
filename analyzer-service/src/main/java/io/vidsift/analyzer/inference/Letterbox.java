package io.vidsift.analyzer.inference;

/**
 * How a frame is fitted into a square model input without distortion: scaled by {@code scale} to
 * {@code width x height}, centred with {@code padX}/{@code padY} grey borders, as YOLO exports expect.
 */
public record Letterbox(int inputSize, double scale, int width, int height, int padX, int padY) {

    public static Letterbox of(int frameWidth, int frameHeight, int inputSize) {
        double scale = Math.min(inputSize / (double) frameWidth, inputSize / (double) frameHeight);
        int w = Math.max(1, Math.min(inputSize, (int) Math.round(frameWidth * scale)));
        int h = Math.max(1, Math.min(inputSize, (int) Math.round(frameHeight * scale)));
        return new Letterbox(inputSize, scale, w, h, (inputSize - w) / 2, (inputSize - h) / 2);
    }

    public float toFrameX(float modelX) {
        return (float) ((modelX - padX) / scale);
    }

    public float toFrameY(float modelY) {
        return (float) ((modelY - padY) / scale);
    }
}
