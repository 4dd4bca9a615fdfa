"""Reference outputs for ImagePreprocessingTest: Pillow's resize (the library HF's CLIPImageProcessor calls) and
HF's crop / rescale / normalise steps written out in numpy as transformers' image_transforms does them.
Run: python3 clip_preprocessing.py ../shared/datasets/cifar10/test.bin.gz > clip_preprocessing.json
(made with Pillow 9.4.0 from Debian bookworm's python3-pil, numpy 2)."""
import base64, gzip, json, math, sys
import numpy as np
from PIL import Image

MEAN = [0.48145466, 0.4578275, 0.40821073]
STD = [0.26862954, 0.26130258, 0.27577711]

def cifar(i):
    with gzip.open(sys.argv[1]) as f:
        data = f.read(3073 * (i + 1))
    rec = np.frombuffer(data[3073 * i + 1:3073 * (i + 1)], dtype=np.uint8)
    return rec.reshape(3, 32, 32).transpose(1, 2, 0)  # HWC

def hf(image, shortest_edge, crop, resample, rescale=True, normalize=True):
    pil = Image.fromarray(image)
    if pil.mode == "L":
        pil = pil.convert("RGB")  # do_convert_rgb
    w, h = pil.size
    short, long = (w, h) if w <= h else (h, w)
    new_short, new_long = shortest_edge, int(shortest_edge * long / short)
    size = (new_short, new_long) if w <= h else (new_long, new_short)  # PIL size is (w, h)
    arr = np.array(pil.resize(size, resample=resample, reducing_gap=None))
    if crop is not None:
        oh, ow = arr.shape[:2]
        top, left = (oh - crop) // 2, (ow - crop) // 2
        if top < 0 or left < 0:
            nh, nw = max(crop, oh), max(crop, ow)
            padded = np.zeros((nh, nw, 3), dtype=arr.dtype)
            tp, lp = math.ceil((nh - oh) / 2), math.ceil((nw - ow) / 2)
            padded[tp:tp + oh, lp:lp + ow] = arr
            top, left, arr = top + tp, left + lp, padded
        arr = arr[max(0, top):top + crop, max(0, left):left + crop]
    out = arr.astype(np.float64) * (1 / 255) if rescale else arr
    out = out.astype(np.float32)
    if normalize:
        out = (out - np.array(MEAN, dtype=np.float32)) / np.array(STD, dtype=np.float32)
    return out.transpose(2, 0, 1).astype("<f4")  # planar, as CLIP's pixel_values

cases = [
    ("narrow rgb 20x32 -> shortest 24, crop 24", hf(np.ascontiguousarray(cifar(0)[:, :20]), 24, 24, 3)),
    ("grey 32x32 -> shortest 45, crop 40", hf(np.ascontiguousarray(cifar(1)[:, :, 0]), 45, 40, 3)),
    ("rgb 32x32 -> shortest 13, crop 16 (padded)", hf(cifar(2), 13, 16, 3)),
    ("rgb 32x32 -> shortest 20, bilinear, no crop, rescale only", hf(cifar(3), 20, None, 2, normalize=False)),
]
print(json.dumps([{"case": name, "shape": list(v.shape), "float32_le_base64": base64.b64encode(v.tobytes()).decode()}
                  for name, v in cases], indent=1))
