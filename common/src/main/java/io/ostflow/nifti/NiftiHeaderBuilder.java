package io.ostflow.nifti;

import java.nio.ByteOrder;
import java.util.Arrays;

/** Mutable builder; defaults describe a 1 mm isotropic little-endian NIfTI-1 image. */
public final class NiftiHeaderBuilder {
    int version = 1;
    ByteOrder byteOrder = ByteOrder.LITTLE_ENDIAN;
    long[] dims;
    NiftiDatatype datatype = NiftiDatatype.FLOAT32;
    double[] pixdim = {1, 1, 1, 1, 1, 1, 1, 1};
    long voxOffset;
    double sclSlope = 1;
    double sclInter;
    int qformCode;
    int sformCode;
    double[] quatern = new double[3];
    double[] qoffset = new double[3];
    double[][] srow = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}};
    int xyztUnits = 2; // NIFTI_UNITS_MM
    String description = "";

    NiftiHeaderBuilder() {}

    public NiftiHeaderBuilder version(int version) {
        this.version = version;
        return this;
    }

    public NiftiHeaderBuilder byteOrder(ByteOrder byteOrder) {
        this.byteOrder = byteOrder;
        return this;
    }

    public NiftiHeaderBuilder dims(long... dims) {
        this.dims = dims.clone();
        return this;
    }

    public NiftiHeaderBuilder dims(int... dims) {
        this.dims = Arrays.stream(dims).asLongStream().toArray();
        return this;
    }

    public NiftiHeaderBuilder datatype(NiftiDatatype datatype) {
        this.datatype = datatype;
        return this;
    }

    /** Sets all 8 entries. */
    public NiftiHeaderBuilder pixdim(double... pixdim) {
        if (pixdim.length != 8) {
            throw new IllegalArgumentException("pixdim has 8 entries");
        }
        this.pixdim = pixdim.clone();
        return this;
    }

    /** Sets the voxel spacing of the three spatial axes and keeps qfac = 1. */
    public NiftiHeaderBuilder spacing(double x, double y, double z) {
        this.pixdim = new double[] {1, x, y, z, 1, 1, 1, 1};
        this.srow = new double[][] {{x, 0, 0, 0}, {0, y, 0, 0}, {0, 0, z, 0}};
        return this;
    }

    public NiftiHeaderBuilder voxOffset(long voxOffset) {
        this.voxOffset = voxOffset;
        return this;
    }

    public NiftiHeaderBuilder scaling(double slope, double inter) {
        this.sclSlope = slope;
        this.sclInter = inter;
        return this;
    }

    public NiftiHeaderBuilder qform(int code, double[] quatern, double[] qoffset) {
        this.qformCode = code;
        this.quatern = quatern.clone();
        this.qoffset = qoffset.clone();
        return this;
    }

    public NiftiHeaderBuilder sform(int code, double[][] srow) {
        this.sformCode = code;
        this.srow = new double[][] {srow[0].clone(), srow[1].clone(), srow[2].clone()};
        return this;
    }

    public NiftiHeaderBuilder xyztUnits(int xyztUnits) {
        this.xyztUnits = xyztUnits;
        return this;
    }

    public NiftiHeaderBuilder description(String description) {
        this.description = description;
        return this;
    }

    public NiftiHeader build() {
        return new NiftiHeader(this);
    }
}
