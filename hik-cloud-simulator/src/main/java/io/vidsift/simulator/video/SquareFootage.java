package io.vidsift.simulator.video;

import java.io.ByteArrayOutputStream;

/**
 * A bright square moving over a grey background, encoded as H.264 Constrained Baseline by hand so the simulator
 * needs no native encoder and can produce any duration instantly.
 * <p>
 * Three macroblock kinds are enough: I_PCM (raw samples) for keyframe macroblocks that show the square or border
 * it, a DC-predicted Intra 16x16 macroblock without residual for flat grey, and in P frames a 16x16 inter block
 * whose motion vector translates the whole picture by the square's step. Over a uniform background a translated
 * picture is exactly the moved square, so a moving frame costs a few bits per macroblock and a still frame is one
 * skip run. Motion vectors are whole pixels, so nothing is interpolated and the decode is exact.
 * <p>
 * Frames must be requested in order: the square's position is state.
 */
final class SquareFootage {

    static final int BACKGROUND = 128;
    static final int SQUARE = 235;
    private static final int PCM_IN_I_SLICE = 25;
    private static final int I16X16_DC_NO_RESIDUAL = 3;
    private static final int LOG2_MAX_FRAME_NUM = 16;

    private final VideoSettings settings;
    private final int mbWidth;
    private final int mbHeight;
    private final int step;
    private final int keyframeInterval;
    private int x;
    private int y;
    private int dx;
    private int dy;
    private int frameNum;
    private int idrCount;
    private int next;
    private boolean lastWasKey;

    SquareFootage(VideoSettings settings) {
        this.settings = settings;
        this.mbWidth = settings.width() / 16;
        this.mbHeight = settings.height() / 16;
        this.step = Math.max(1, Math.round((float) settings.speedPixelsPerSecond() / settings.fps()));
        this.keyframeInterval = settings.keyframeSeconds() * settings.fps();
        this.x = settings.width() / 4;
        this.y = settings.height() / 3;
        this.dx = step;
        this.dy = Math.max(1, step / 2);
    }

    byte[] sps() {
        BitWriter b = new BitWriter();
        b.bits(66, 8);              // profile_idc: Baseline
        b.bits(0xC0, 8);            // constraint_set0+1: Constrained Baseline
        b.bits(level(), 8);
        b.ue(0);                    // seq_parameter_set_id
        b.ue(LOG2_MAX_FRAME_NUM - 4);
        b.ue(2);                    // pic_order_cnt_type 2: output order is decode order, no B-frames
        b.ue(1);                    // max_num_ref_frames
        b.bit(0);                   // gaps_in_frame_num_value_allowed_flag
        b.ue(mbWidth - 1);
        b.ue(mbHeight - 1);
        b.bit(1);                   // frame_mbs_only_flag
        b.bit(1);                   // direct_8x8_inference_flag
        b.bit(0);                   // frame_cropping_flag
        b.bit(0);                   // vui_parameters_present_flag
        b.trailingBits();
        return Nal.unit(3, Nal.SPS, b.toByteArray());
    }

    byte[] pps() {
        BitWriter b = new BitWriter();
        b.ue(0);                    // pic_parameter_set_id
        b.ue(0);                    // seq_parameter_set_id
        b.bit(0);                   // entropy_coding_mode_flag: CAVLC
        b.bit(0);                   // bottom_field_pic_order_in_frame_present_flag
        b.ue(0);                    // num_slice_groups_minus1
        b.ue(0);                    // num_ref_idx_l0_default_active_minus1
        b.ue(0);                    // num_ref_idx_l1_default_active_minus1
        b.bit(0);                   // weighted_pred_flag
        b.bits(0, 2);               // weighted_bipred_idc
        b.se(0);                    // pic_init_qp_minus26
        b.se(0);                    // pic_init_qs_minus26
        b.se(0);                    // chroma_qp_index_offset
        b.bit(0);                   // deblocking_filter_control_present_flag
        b.bit(0);                   // constrained_intra_pred_flag
        b.bit(0);                   // redundant_pic_cnt_present_flag
        b.trailingBits();
        return Nal.unit(3, Nal.PPS, b.toByteArray());
    }

    int profile() {
        return 66;
    }

    int compatibility() {
        return 0xC0;
    }

    int level() {
        int mbs = mbWidth * mbHeight;
        return mbs <= 396 ? 21 : mbs <= 1620 ? 30 : 40;
    }

    /** The next frame's slice NAL unit; {@link #keyframe} then says whether it was an IDR. */
    byte[] nextFrame() {
        int index = next++;
        if (index % keyframeInterval == 0) {
            lastWasKey = true;
            return idr();
        }
        lastWasKey = false;
        double second = (double) index / settings.fps();
        int cycle = settings.moveSeconds() + settings.stillSeconds();
        boolean moving = settings.speedPixelsPerSecond() > 0 && settings.moveSeconds() > 0
                && (cycle == 0 || second % cycle < settings.moveSeconds());
        if (!moving) {
            return stillFrame();
        }
        return movedFrame();
    }

    boolean keyframe() {
        return lastWasKey;
    }

    private byte[] idr() {
        frameNum = 0;
        BitWriter b = new BitWriter();
        b.ue(0);                    // first_mb_in_slice
        b.ue(7);                    // slice_type: I, all slices
        b.ue(0);                    // pic_parameter_set_id
        b.bits(frameNum, LOG2_MAX_FRAME_NUM);
        b.ue(idrCount++ % 2);       // idr_pic_id: consecutive IDRs must differ
        b.bit(0);                   // no_output_of_prior_pics_flag
        b.bit(0);                   // long_term_reference_flag
        b.se(0);                    // slice_qp_delta
        boolean[] pcm = new boolean[mbWidth * mbHeight];
        for (int my = 0; my < mbHeight; my++) {
            for (int mx = 0; mx < mbWidth; mx++) {
                int mb = my * mbWidth + mx;
                if (needsSamples(mx, my)) {
                    pcm[mb] = true;
                    b.ue(PCM_IN_I_SLICE);
                    b.alignWithZeros();
                    writeSamples(b, mx, my);
                } else {
                    b.ue(I16X16_DC_NO_RESIDUAL);
                    b.ue(0);        // intra_chroma_pred_mode: DC
                    b.se(0);        // mb_qp_delta
                    writeEmptyDcCoeffToken(b, pcm, mx, my);
                }
            }
        }
        b.trailingBits();
        return Nal.unit(3, Nal.IDR, b.toByteArray());
    }

    /**
     * A flat DC-predicted block reproduces grey only when its own area and the neighbour edges it predicts from
     * are grey; everything else is sent as raw samples.
     */
    private boolean needsSamples(int mx, int my) {
        int left = mx * 16;
        int top = my * 16;
        if (squareIntersects(left, top, 16, 16)) {
            return true;
        }
        if (mx > 0 && squareIntersects(left - 1, top, 1, 16)) {
            return true;
        }
        return my > 0 && squareIntersects(left, top - 1, 16, 1);
    }

    private boolean squareIntersects(int left, int top, int width, int height) {
        int size = settings.squareSize();
        return left < x + size && x < left + width && top < y + size && y < top + height;
    }

    private void writeSamples(BitWriter b, int mx, int my) {
        int size = settings.squareSize();
        for (int row = 0; row < 16; row++) {
            int py = my * 16 + row;
            for (int col = 0; col < 16; col++) {
                int px = mx * 16 + col;
                boolean inside = px >= x && px < x + size && py >= y && py < y + size;
                b.rawByte(inside ? SQUARE : BACKGROUND);
            }
        }
        for (int i = 0; i < 128; i++) {
            b.rawByte(BACKGROUND);  // Cb then Cr: grey
        }
    }

    /** coeff_token for "no coefficients" in the Intra16x16 DC block; its table depends on the neighbours' counts. */
    private void writeEmptyDcCoeffToken(BitWriter b, boolean[] pcm, int mx, int my) {
        // An I_PCM neighbour counts as 16 coefficients, a flat block as 0.
        Integer nA = mx > 0 ? (pcm[my * mbWidth + mx - 1] ? 16 : 0) : null;
        Integer nB = my > 0 ? (pcm[(my - 1) * mbWidth + mx] ? 16 : 0) : null;
        int nC = nA != null && nB != null ? (nA + nB + 1) >> 1 : nA != null ? nA : nB != null ? nB : 0;
        if (nC < 2) {
            b.bit(1);
        } else if (nC < 4) {
            b.bits(0b11, 2);
        } else if (nC < 8) {
            b.bits(0b1111, 4);
        } else {
            b.bits(0b000011, 6);
        }
    }

    private byte[] stillFrame() {
        BitWriter b = pSliceHeader();
        b.ue((long) mbWidth * mbHeight); // mb_skip_run over the whole picture
        b.trailingBits();
        return Nal.unit(2, Nal.SLICE, b.toByteArray());
    }

    private byte[] movedFrame() {
        int size = settings.squareSize();
        // Bounce with a margin of one step so that the reference never needs the square's pixels from outside.
        if (x + dx < step || x + dx + size > settings.width() - step) {
            dx = -dx;
        }
        if (y + dy < step || y + dy + size > settings.height() - step) {
            dy = -dy;
        }
        x += dx;
        y += dy;
        // Prediction reads reference(p + mv); the picture moved by (dx, dy), so mv = -(dx, dy) in quarter pels.
        int mvx = -dx * 4;
        int mvy = -dy * 4;
        BitWriter b = pSliceHeader();
        int mbs = mbWidth * mbHeight;
        for (int mb = 0; mb < mbs; mb++) {
            b.ue(0);                // mb_skip_run
            b.ue(0);                // mb_type P_L0_16x16
            // Every block has the same vector: the first is predicted from nothing (0), the rest from neighbours
            // that all carry it already, so only the first sends a difference.
            b.se(mb == 0 ? mvx : 0);
            b.se(mb == 0 ? mvy : 0);
            b.ue(0);                // coded_block_pattern 0 (inter)
        }
        b.trailingBits();
        return Nal.unit(2, Nal.SLICE, b.toByteArray());
    }

    private BitWriter pSliceHeader() {
        frameNum = (frameNum + 1) % (1 << LOG2_MAX_FRAME_NUM);
        BitWriter b = new BitWriter();
        b.ue(0);                    // first_mb_in_slice
        b.ue(5);                    // slice_type: P, all slices
        b.ue(0);                    // pic_parameter_set_id
        b.bits(frameNum, LOG2_MAX_FRAME_NUM);
        b.bit(0);                   // num_ref_idx_active_override_flag
        b.bit(0);                   // ref_pic_list_modification_flag_l0
        b.bit(0);                   // adaptive_ref_pic_marking_mode_flag
        b.se(0);                    // slice_qp_delta
        return b;
    }

    static byte[] lengthPrefixed(byte[]... units) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] unit : units) {
            out.write(unit.length >>> 24);
            out.write(unit.length >>> 16);
            out.write(unit.length >>> 8);
            out.write(unit.length);
            out.writeBytes(unit);
        }
        return out.toByteArray();
    }
}
