package io.vidsift.analyzer.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.vidsift.common.config.ModelConfig;

import java.util.Arrays;
import java.util.Map;

/**
 * A detector's interface as its ONNX file declares it: input name, element type (float or float16), batch (fixed
 * or dynamic), input height and width (square or rectangular), output name and type, and the exporter's metadata.
 * The file is the authority: a fixed dimension in the graph beats Ultralytics' {@code imgsz}, which beats the job's
 * {@code analysis.model.input_size} (used only for fully dynamic inputs).
 *
 * @param batch 0 when the batch dimension is dynamic
 */
public record DetectorModel(String inputName, boolean halfInput, int batch, int inputWidth, int inputHeight,
                            String outputName, boolean halfOutput, ExportMetadata metadata) {

    public static DetectorModel of(OrtSession session, ModelConfig config) throws OrtException {
        Map.Entry<String, NodeInfo> in = session.getInputInfo().entrySet().iterator().next();
        TensorInfo input = (TensorInfo) in.getValue().getInfo();
        long[] shape = input.getShape();
        if (shape.length != 4 || (shape[1] > 0 && shape[1] != 3)) {
            throw new OrtException("detector input must be [batch, 3, height, width], got " + Arrays.toString(shape));
        }
        Map.Entry<String, NodeInfo> out = session.getOutputInfo().entrySet().iterator().next();
        TensorInfo output = (TensorInfo) out.getValue().getInfo();
        ExportMetadata metadata = ExportMetadata.of(session.getMetadata().getCustomMetadata());
        int height = shape[2] > 0 ? (int) shape[2] : metadata.imgHeight() > 0 ? metadata.imgHeight() : config.inputSize();
        int width = shape[3] > 0 ? (int) shape[3] : metadata.imgWidth() > 0 ? metadata.imgWidth() : config.inputSize();
        return new DetectorModel(in.getKey(), half(input, "input"), shape[0] > 0 ? (int) shape[0] : 0, width, height,
                out.getKey(), half(output, "output"), metadata);
    }

    private static boolean half(TensorInfo info, String what) throws OrtException {
        if (info.type == OnnxJavaType.FLOAT) {
            return false;
        }
        if (info.type == OnnxJavaType.FLOAT16) {
            return true;
        }
        throw new OrtException("detector " + what + " must be float32 or float16, got " + info.type);
    }
}
