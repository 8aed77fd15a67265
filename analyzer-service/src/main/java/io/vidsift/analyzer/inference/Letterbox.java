package io.vidsift.analyzer.inference;

/**
 * How a frame is fitted into a model input of {@code inputWidth x inputHeight} (square or rectangular) without
 * distortion: scaled by {@code scale} to {@code width x height}, centred with {@code padX}/{@code padY} grey borders,
 * as YOLO exports expect.
 */
public record Letterbox(int inputWidth, int inputHeight, double scale, int width, int height, int padX, int padY) {

    public static Letterbox of(int frameWidth, int frameHeight, int inputSize) {
        return of(frameWidth, frameHeight, inputSize, inputSize);
    }

    public static Letterbox of(int frameWidth, int frameHeight, int inputWidth, int inputHeight) {
        double scale = Math.min(inputWidth / (double) frameWidth, inputHeight / (double) frameHeight);
        int w = Math.max(1, Math.min(inputWidth, (int) Math.round(frameWidth * scale)));
        int h = Math.max(1, Math.min(inputHeight, (int) Math.round(frameHeight * scale)));
        return new Letterbox(inputWidth, inputHeight, scale, w, h, (inputWidth - w) / 2, (inputHeight - h) / 2);
    }

    public float toFrameX(float modelX) {
        return (float) ((modelX - padX) / scale);
    }

    public float toFrameY(float modelY) {
        return (float) ((modelY - padY) / scale);
    }
}
