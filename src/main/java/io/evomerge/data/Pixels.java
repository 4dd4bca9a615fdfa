package io.evomerge.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * A decoded 8-bit image, planar: {@code data[(c * height + y) * width + x]}, {@code channels} 1 (grey) or 3 (RGB).
 * Alpha is dropped as PIL's {@code convert("RGB")} drops it (the stored colour is kept, not composited).
 */
public record Pixels(int width, int height, int channels, byte[] data) {

    public Pixels {
        if (width < 1 || height < 1 || (channels != 1 && channels != 3)) {
            throw new IllegalArgumentException("bad image shape " + channels + "x" + height + "x" + width);
        }
        if (data.length != channels * height * width) {
            throw new IllegalArgumentException(data.length + " bytes for a " + channels + "x" + height + "x" + width
                    + " image");
        }
    }

    /** The value 0..255 of channel {@code c} at row {@code y}, column {@code x}. */
    public int at(int c, int y, int x) {
        return data[(c * height + y) * width + x] & 0xFF;
    }

    /** Grey stays one channel (the preprocessor repeats it); anything else becomes RGB. */
    public static Pixels of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        Raster raster = image.getRaster();
        if (image.getColorModel().getNumColorComponents() == 1 && raster.getNumBands() <= 2
                && image.getColorModel().getColorSpace().getNumComponents() == 1) {
            // grey (with or without alpha): the stored samples, since getRGB would apply the linear-grey colour
            // space's gamma; 16-bit samples keep their high byte
            int shift = Math.max(0, raster.getSampleModel().getSampleSize(0) - 8);
            byte[] grey = new byte[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    grey[y * w + x] = (byte) (raster.getSample(x, y, 0) >> shift);
                }
            }
            return new Pixels(w, h, 1, grey);
        }
        byte[] rgb = new byte[3 * w * h];
        int plane = w * h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y);
                int i = y * w + x;
                rgb[i] = (byte) (argb >> 16);
                rgb[plane + i] = (byte) (argb >> 8);
                rgb[2 * plane + i] = (byte) argb;
            }
        }
        return new Pixels(w, h, 3, rgb);
    }
}
